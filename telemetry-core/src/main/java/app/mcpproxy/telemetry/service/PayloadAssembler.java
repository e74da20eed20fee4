package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.McpClients;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.env.AutostartReader;
import app.mcpproxy.telemetry.env.EnvDetection;
import app.mcpproxy.telemetry.env.HostVersion;
import app.mcpproxy.telemetry.env.Platform;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.flags.FeatureFlags;
import app.mcpproxy.telemetry.flags.ServerProtocols;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.FeedbackContext;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.RuntimeStats;
import app.mcpproxy.telemetry.model.StartupOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Assembles what the host reports about itself, the heartbeat and the feedback context, from the
 * config, the counters, the activation state and the process. Reads; never writes.
 */
final class PayloadAssembler {
  private final ProcessEnvironment process;
  private final String reportedVersion;
  private final Edition edition;
  private final @Nullable RuntimeStats runtimeStats;
  private final IntSupplier configuredIdeCount;
  private final Optional<AutostartReader> autostartReader;
  private final McpClients clients;
  private final Instant builtAt;

  /**
   * Creates an assembler for one service.
   *
   * @param reportedVersion the reportable version, or empty when the host's is not semver
   * @param runtimeStats the host's live figures, or {@code null} for figures from the config
   * @param builtAt when the service was built, the start of its uptime
   */
  PayloadAssembler(
      ProcessEnvironment process,
      String reportedVersion,
      Edition edition,
      @Nullable RuntimeStats runtimeStats,
      IntSupplier configuredIdeCount,
      Optional<AutostartReader> autostartReader,
      McpClients clients,
      Instant builtAt) {
    this.process = process;
    this.reportedVersion = reportedVersion;
    this.edition = edition;
    this.runtimeStats = runtimeStats;
    this.configuredIdeCount = configuredIdeCount;
    this.autostartReader = autostartReader;
    this.clients = clients;
    this.builtAt = builtAt;
  }

  HeartbeatPayload assemble(
      HostConfig config,
      AnonymousIdentity identity,
      RegistrySnapshot counters,
      Instant now,
      LaunchSource launchSource,
      ActivationState activation) {
    RuntimeStats stats = stats(config);
    EnvDetection detection = process.envDetection();
    long uptimeHours = Math.max(0, Duration.between(builtAt, now).toHours());
    ActivationState withIdes =
        new ActivationState(
            activation.firstConnectedServerEver(),
            activation.firstMcpClientEver(),
            activation.firstRetrieveToolsCallEver(),
            CanonicalClientStore.canonical(activation.mcpClientsSeenEver(), clients),
            activation.retrieveToolsCalls24h(),
            activation.estimatedTokensSaved24hBucket(),
            Math.max(0, configuredIdeCount.getAsInt()));
    return HeartbeatPayload.builder()
        .anonymousId(identity.id())
        .version(reportedVersion)
        .edition(edition)
        .os(Platform.reportableOs(process.goOs()))
        .arch(Platform.reportableArch(process.goArch()))
        .goVersion(Platform.reportableRuntimeVersion(process.runtimeVersion()))
        .serverCount(Math.max(0, stats.serverCount()))
        .connectedServerCount(Math.max(0, stats.connectedServerCount()))
        .toolCount(Math.max(0, stats.toolCount()))
        .uptimeHours(uptimeHours)
        .routingMode(routingMode(stats, config))
        .quarantineEnabled(stats.quarantineEnabled())
        .timestamp(now)
        .anonymousIdCreatedAt(identity.createdAt())
        .currentVersion(reportedVersion)
        .previousVersion(config.lastReportedVersion().filter(HostVersion::isReportable).orElse(""))
        .lastStartupOutcome(
            config.lastStartupOutcome().flatMap(StartupOutcome::fromWireName).orElse(null))
        .surfaceRequests(counters.surfaceRequests())
        .builtinToolCalls(counters.builtinToolCalls())
        .upstreamToolCallCountBucket(counters.upstreamToolCallCountBucket())
        .restEndpointCalls(counters.restEndpointCalls())
        .featureFlags(FeatureFlags.snapshot(config).withDockerAvailable(stats.dockerAvailable()))
        .errorCategoryCounts(counters.errorCategoryCounts())
        .doctorChecks(counters.doctorChecks())
        .serverProtocolCounts(ServerProtocols.count(config))
        .serverDockerIsolatedCount(Math.max(0, stats.dockerIsolatedServerCount()))
        .envKind(detection.kind())
        .envMarkers(detection.markers())
        .activation(withIdes)
        .launchSource(launchSource)
        .autostartEnabled(autostartReader.flatMap(AutostartReader::read).orElse(null))
        .build();
  }

  /**
   * The launch source to report: {@code installer} while the one-shot is pending or about to be
   * set; once it was consumed, the detection as if {@code MCPPROXY_LAUNCHED_BY} were unset.
   */
  LaunchSource launchSource(boolean installerPending, boolean installerFlagEverSet) {
    if (installerPending) {
      return LaunchSource.INSTALLER;
    }
    LaunchSource detected = process.launchSource();
    if (detected != LaunchSource.INSTALLER) {
      return detected;
    }
    if (!installerFlagEverSet) {
      return LaunchSource.INSTALLER;
    }
    return process.launchSourceIgnoringInstaller();
  }

  /** The canonical name a stored client name is reported as. */
  String canonicalClient(String storedName) {
    return clients.isCanonical(storedName) ? storedName : clients.canonical(storedName);
  }

  FeedbackContext feedbackContext(HostConfig config) {
    RuntimeStats stats = stats(config);
    return new FeedbackContext(
        reportedVersion,
        edition.wireName(),
        Platform.reportableOs(process.goOs()),
        Platform.reportableArch(process.goArch()),
        Math.max(0, stats.serverCount()),
        Math.max(0, stats.connectedServerCount()),
        routingMode(stats, config));
  }

  /** The host's routing mode when it is one mcpproxy knows; else the config's; else unknown. */
  private static String routingMode(RuntimeStats stats, HostConfig config) {
    String live = stats.routingMode();
    if (live == null) {
      live = config.routingMode();
    }
    return HostConfig.routingModes().contains(live) ? live : Platform.UNKNOWN;
  }

  private RuntimeStats stats(HostConfig config) {
    return runtimeStats != null ? runtimeStats : new ConfigRuntimeStats(config);
  }
}
