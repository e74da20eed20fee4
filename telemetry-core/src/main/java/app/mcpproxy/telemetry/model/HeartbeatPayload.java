package app.mcpproxy.telemetry.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The anonymous heartbeat, one per interval, in schema version 3.
 *
 * <p>Components map one to one to JSON fields. Optional ones are {@code null}, zero or empty when
 * absent and are then left out of the JSON; maps are kept sorted by key, as on the wire.
 *
 * @param anonymousId per-install UUIDv4
 * @param version host version, normalised to carry a leading {@code v}
 * @param edition product edition
 * @param os operating system in Go's vocabulary ({@code linux}, {@code darwin}, ...)
 * @param arch architecture in Go's vocabulary ({@code amd64}, {@code arm64}, ...)
 * @param goVersion the runtime; on the JVM {@code java} plus the feature version, such as {@code
 *     java17.0.15}
 * @param serverCount configured upstream servers
 * @param connectedServerCount connected upstream servers
 * @param toolCount tools offered by upstream servers
 * @param uptimeHours whole hours since the service was created
 * @param routingMode routing mode
 * @param quarantineEnabled whether new servers are quarantined
 * @param timestamp time of building, sent in seconds
 * @param schemaVersion payload schema version, 3
 * @param anonymousIdCreatedAt when the id was made, or {@code null}
 * @param currentVersion same as {@code version}
 * @param previousVersion last successfully reported version, empty before the first send
 * @param lastStartupOutcome how the last start-up ended, or {@code null}
 * @param surfaceRequests requests by client surface
 * @param builtinToolCalls calls by built-in tool
 * @param upstreamToolCallCountBucket bucket of upstream tool calls, or {@code null}
 * @param restEndpointCalls {@code "METHOD /template"} to status class to count
 * @param featureFlags feature switches, or {@code null}
 * @param errorCategoryCounts errors by category, zero counts left out
 * @param doctorChecks pass/fail counts by check name
 * @param serverProtocolCounts configured servers by protocol
 * @param serverDockerIsolatedCount servers isolated in Docker
 * @param envKind environment kind, or {@code null}
 * @param envMarkers observations behind {@code envKind}, or {@code null}
 * @param activation retention funnel, or {@code null}
 * @param launchSource how the process was started, or {@code null}
 * @param autostartEnabled login-item state: true, false, or {@code null} when unknown
 */
public record HeartbeatPayload(
    String anonymousId,
    String version,
    Edition edition,
    String os,
    String arch,
    String goVersion,
    int serverCount,
    int connectedServerCount,
    int toolCount,
    long uptimeHours,
    String routingMode,
    boolean quarantineEnabled,
    Instant timestamp,
    int schemaVersion,
    @Nullable Instant anonymousIdCreatedAt,
    @Nullable String currentVersion,
    String previousVersion,
    @Nullable StartupOutcome lastStartupOutcome,
    SortedMap<String, Long> surfaceRequests,
    SortedMap<String, Long> builtinToolCalls,
    @Nullable String upstreamToolCallCountBucket,
    SortedMap<String, SortedMap<String, Long>> restEndpointCalls,
    @Nullable FeatureFlagSnapshot featureFlags,
    SortedMap<String, Long> errorCategoryCounts,
    SortedMap<String, DoctorCounts> doctorChecks,
    SortedMap<String, Integer> serverProtocolCounts,
    int serverDockerIsolatedCount,
    @Nullable EnvKind envKind,
    @Nullable EnvMarkers envMarkers,
    @Nullable ActivationState activation,
    @Nullable LaunchSource launchSource,
    @Nullable Boolean autostartEnabled) {

  /** The schema version this library writes. */
  public static final int SCHEMA_VERSION = 3;

  /** Checks required components and freezes the maps. */
  public HeartbeatPayload {
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(edition, "edition");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(goVersion, "goVersion");
    Objects.requireNonNull(routingMode, "routingMode");
    Objects.requireNonNull(timestamp, "timestamp");
    previousVersion = previousVersion == null ? "" : previousVersion;
    surfaceRequests = frozen(surfaceRequests);
    builtinToolCalls = frozen(builtinToolCalls);
    SortedMap<String, SortedMap<String, Long>> rest = new TreeMap<>();
    if (restEndpointCalls != null) {
      restEndpointCalls.forEach((key, classes) -> rest.put(key, frozen(classes)));
    }
    restEndpointCalls = Collections.unmodifiableSortedMap(rest);
    errorCategoryCounts = frozen(errorCategoryCounts);
    doctorChecks = frozen(doctorChecks);
    serverProtocolCounts = frozen(serverProtocolCounts);
  }

  private static <V> SortedMap<String, V> frozen(@Nullable Map<String, V> map) {
    return map == null || map.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }

  /**
   * Starts a builder with {@code schemaVersion} 3 and empty optional fields.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Assembles a {@link HeartbeatPayload}; required components are checked by {@link #build}. */
  public static final class Builder {
    private @Nullable String anonymousId;
    private @Nullable String version;
    private Edition edition = Edition.PERSONAL;
    private @Nullable String os;
    private @Nullable String arch;
    private @Nullable String goVersion;
    private int serverCount;
    private int connectedServerCount;
    private int toolCount;
    private long uptimeHours;
    private @Nullable String routingMode;
    private boolean quarantineEnabled;
    private @Nullable Instant timestamp;
    private int schemaVersion = SCHEMA_VERSION;
    private @Nullable Instant anonymousIdCreatedAt;
    private @Nullable String currentVersion;
    private String previousVersion = "";
    private @Nullable StartupOutcome lastStartupOutcome;
    private @Nullable Map<String, Long> surfaceRequests;
    private @Nullable Map<String, Long> builtinToolCalls;
    private @Nullable String upstreamToolCallCountBucket;
    private @Nullable Map<String, ? extends Map<String, Long>> restEndpointCalls;
    private @Nullable FeatureFlagSnapshot featureFlags;
    private @Nullable Map<String, Long> errorCategoryCounts;
    private @Nullable Map<String, DoctorCounts> doctorChecks;
    private @Nullable Map<String, Integer> serverProtocolCounts;
    private int serverDockerIsolatedCount;
    private @Nullable EnvKind envKind;
    private @Nullable EnvMarkers envMarkers;
    private @Nullable ActivationState activation;
    private @Nullable LaunchSource launchSource;
    private @Nullable Boolean autostartEnabled;

    private Builder() {}

    public Builder anonymousId(String value) {
      this.anonymousId = value;
      return this;
    }

    public Builder version(String value) {
      this.version = value;
      return this;
    }

    public Builder edition(Edition value) {
      this.edition = value;
      return this;
    }

    public Builder os(String value) {
      this.os = value;
      return this;
    }

    public Builder arch(String value) {
      this.arch = value;
      return this;
    }

    public Builder goVersion(String value) {
      this.goVersion = value;
      return this;
    }

    public Builder serverCount(int value) {
      this.serverCount = value;
      return this;
    }

    public Builder connectedServerCount(int value) {
      this.connectedServerCount = value;
      return this;
    }

    public Builder toolCount(int value) {
      this.toolCount = value;
      return this;
    }

    public Builder uptimeHours(long value) {
      this.uptimeHours = value;
      return this;
    }

    public Builder routingMode(String value) {
      this.routingMode = value;
      return this;
    }

    public Builder quarantineEnabled(boolean value) {
      this.quarantineEnabled = value;
      return this;
    }

    public Builder timestamp(Instant value) {
      this.timestamp = value;
      return this;
    }

    public Builder schemaVersion(int value) {
      this.schemaVersion = value;
      return this;
    }

    public Builder anonymousIdCreatedAt(@Nullable Instant value) {
      this.anonymousIdCreatedAt = value;
      return this;
    }

    public Builder currentVersion(@Nullable String value) {
      this.currentVersion = value;
      return this;
    }

    public Builder previousVersion(String value) {
      this.previousVersion = value;
      return this;
    }

    public Builder lastStartupOutcome(@Nullable StartupOutcome value) {
      this.lastStartupOutcome = value;
      return this;
    }

    public Builder surfaceRequests(@Nullable Map<String, Long> value) {
      this.surfaceRequests = value;
      return this;
    }

    public Builder builtinToolCalls(@Nullable Map<String, Long> value) {
      this.builtinToolCalls = value;
      return this;
    }

    public Builder upstreamToolCallCountBucket(@Nullable String value) {
      this.upstreamToolCallCountBucket = value;
      return this;
    }

    public Builder restEndpointCalls(@Nullable Map<String, ? extends Map<String, Long>> value) {
      this.restEndpointCalls = value;
      return this;
    }

    public Builder featureFlags(@Nullable FeatureFlagSnapshot value) {
      this.featureFlags = value;
      return this;
    }

    public Builder errorCategoryCounts(@Nullable Map<String, Long> value) {
      this.errorCategoryCounts = value;
      return this;
    }

    public Builder doctorChecks(@Nullable Map<String, DoctorCounts> value) {
      this.doctorChecks = value;
      return this;
    }

    public Builder serverProtocolCounts(@Nullable Map<String, Integer> value) {
      this.serverProtocolCounts = value;
      return this;
    }

    public Builder serverDockerIsolatedCount(int value) {
      this.serverDockerIsolatedCount = value;
      return this;
    }

    public Builder envKind(@Nullable EnvKind value) {
      this.envKind = value;
      return this;
    }

    public Builder envMarkers(@Nullable EnvMarkers value) {
      this.envMarkers = value;
      return this;
    }

    public Builder activation(@Nullable ActivationState value) {
      this.activation = value;
      return this;
    }

    public Builder launchSource(@Nullable LaunchSource value) {
      this.launchSource = value;
      return this;
    }

    public Builder autostartEnabled(@Nullable Boolean value) {
      this.autostartEnabled = value;
      return this;
    }

    /**
     * Builds the payload.
     *
     * @return the payload
     * @throws NullPointerException when a required component is missing
     */
    public HeartbeatPayload build() {
      SortedMap<String, SortedMap<String, Long>> rest = new TreeMap<>();
      if (restEndpointCalls != null) {
        restEndpointCalls.forEach((key, classes) -> rest.put(key, new TreeMap<>(classes)));
      }
      return new HeartbeatPayload(
          Objects.requireNonNull(anonymousId, "anonymousId"),
          Objects.requireNonNull(version, "version"),
          edition,
          Objects.requireNonNull(os, "os"),
          Objects.requireNonNull(arch, "arch"),
          Objects.requireNonNull(goVersion, "goVersion"),
          serverCount,
          connectedServerCount,
          toolCount,
          uptimeHours,
          Objects.requireNonNull(routingMode, "routingMode"),
          quarantineEnabled,
          Objects.requireNonNull(timestamp, "timestamp"),
          schemaVersion,
          anonymousIdCreatedAt,
          currentVersion,
          previousVersion,
          lastStartupOutcome,
          frozen(surfaceRequests),
          frozen(builtinToolCalls),
          upstreamToolCallCountBucket,
          rest,
          featureFlags,
          frozen(errorCategoryCounts),
          frozen(doctorChecks),
          frozen(serverProtocolCounts),
          serverDockerIsolatedCount,
          envKind,
          envMarkers,
          activation,
          launchSource,
          autostartEnabled);
    }
  }
}
