package app.mcpproxy.telemetry.config;

import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of mcpproxy's JSON config ({@code mcp_config.json}) with the values telemetry
 * needs.
 *
 * <p>A value of the wrong JSON type (a string where a boolean belongs, say) or JSON {@code null}
 * reads as absent, and an absent value reads as mcpproxy's default, documented on each getter. The
 * view never hands out server names; server URLs are reachable only through {@link #servers()}, for
 * classifying OAuth providers.
 *
 * <pre>{@code
 * HostConfig config = HostConfig.parse(Files.readString(path), path.toString());
 * boolean on = config.telemetryEnabled().orElse(true);
 * }</pre>
 */
public final class HostConfig {
  private static final System.Logger LOG = System.getLogger(HostConfig.class.getName());
  private static final String DEFAULT_ROUTING_MODE = "retrieve_tools";
  private static final Set<String> ROUTING_MODES =
      Set.of(DEFAULT_ROUTING_MODE, "direct", "code_execution");
  private static final String EMPTY_SOURCE = "<empty config>";

  private final String source;
  private final JsonDocument document;
  private final TelemetrySettings telemetry;
  private final @Nullable String dataDir;
  private final String routingMode;
  private final List<ServerEntry> servers;
  private final boolean enableSocket;
  private final boolean enableWebUi;
  private final boolean enablePrompts;
  private final boolean requireMcpAuth;
  private final boolean enableCodeExecution;
  private final boolean quarantineEnabled;
  private final boolean sensitiveDataDetectionEnabled;

  HostConfig(String source, JsonDocument document) {
    this.source = Objects.requireNonNull(source, "source");
    this.document = Objects.requireNonNull(document, "document");
    JsonObject root = document.root();
    this.telemetry = TelemetrySection.read(root);
    this.dataDir = root.getString("data_dir").filter(dir -> !dir.isBlank()).orElse(null);
    this.routingMode =
        root.getString("routing_mode").filter(ROUTING_MODES::contains).orElse(DEFAULT_ROUTING_MODE);
    this.servers = readServers(root);
    this.enableSocket = root.getBoolean("enable_socket").orElse(true);
    this.enableWebUi =
        root.getObject("features").flatMap(f -> f.getBoolean("enable_web_ui")).orElse(true);
    this.enablePrompts = root.getBoolean("enable_prompts").orElse(false);
    this.requireMcpAuth = root.getBoolean("require_mcp_auth").orElse(false);
    this.enableCodeExecution = root.getBoolean("enable_code_execution").orElse(false);
    this.quarantineEnabled = root.getBoolean("quarantine_enabled").orElse(true);
    this.sensitiveDataDetectionEnabled =
        root.getObject("sensitive_data_detection")
            .flatMap(detection -> detection.getBoolean("enabled"))
            .orElse(true);
  }

  /**
   * Returns the config of a host without a config file: every value at its default.
   *
   * @return the empty config
   */
  public static HostConfig empty() {
    return new HostConfig(EMPTY_SOURCE, JsonDocument.empty());
  }

  /**
   * Parses the text of a config file. Blank text is an empty config, like a missing file.
   *
   * @param json the file's text, strict JSON whose top level is an object
   * @param sourceName where the text came from, such as the file path; named in errors
   * @return the config
   * @throws ConfigException when the text is not valid JSON or its top level is not an object; the
   *     message names {@code sourceName}, the line and the column
   */
  public static HostConfig parse(String json, String sourceName) throws ConfigException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(sourceName, "sourceName");
    return new HostConfig(sourceName, JsonTreeReader.parse(json, sourceName));
  }

  /**
   * Returns where this config was read from.
   *
   * @return the source name given when parsing, or a placeholder for {@link #empty()}
   */
  public String source() {
    return source;
  }

  /**
   * Returns the {@code telemetry} object.
   *
   * @return the settings; keys of the wrong type are {@code null}
   */
  public TelemetrySettings telemetry() {
    return telemetry;
  }

  /**
   * Returns {@code telemetry.enabled}.
   *
   * @return the user's choice, or empty when not set (telemetry then defaults to on)
   */
  public Optional<Boolean> telemetryEnabled() {
    return Optional.ofNullable(telemetry.enabled());
  }

  /**
   * Returns {@code telemetry.anonymous_id}.
   *
   * @return the per-install id, or empty when not set
   */
  public Optional<String> anonymousId() {
    return Optional.ofNullable(telemetry.anonymousId());
  }

  /**
   * Returns {@code telemetry.anonymous_id_created_at}.
   *
   * @return the RFC 3339 creation time as written, or empty when not set
   */
  public Optional<String> anonymousIdCreatedAt() {
    return Optional.ofNullable(telemetry.anonymousIdCreatedAt());
  }

  /**
   * Returns {@code telemetry.endpoint}.
   *
   * @return the collector's base URL, or empty for the default
   */
  public Optional<String> endpoint() {
    return Optional.ofNullable(telemetry.endpoint());
  }

  /**
   * Returns {@code telemetry.last_reported_version}.
   *
   * @return the host version of the last successful send, or empty before the first
   */
  public Optional<String> lastReportedVersion() {
    return Optional.ofNullable(telemetry.lastReportedVersion());
  }

  /**
   * Returns {@code telemetry.last_startup_outcome}.
   *
   * @return the outcome as written, or empty when not set
   */
  public Optional<String> lastStartupOutcome() {
    return Optional.ofNullable(telemetry.lastStartupOutcome());
  }

  /**
   * Returns {@code telemetry.notice_shown}.
   *
   * @return whether the first-run notice has been dealt with; absent means {@code false}
   */
  public boolean noticeShown() {
    return telemetry.noticeShown();
  }

  /**
   * Returns {@code data_dir} as written; a leading {@code ~} is not expanded here.
   *
   * @return the configured data directory, or empty when not set, blank or not a valid path
   * @see #resolvedDataDir(Path)
   */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir).flatMap(this::toPath);
  }

  /**
   * Returns the directory that holds mcpproxy's data, such as {@code telemetry.db}.
   *
   * @param home the user's home directory, for a leading {@code ~} and the default
   * @return {@code data_dir} with {@code ~} expanded, or {@code home/.mcpproxy} when not set
   */
  public Path resolvedDataDir(Path home) {
    Objects.requireNonNull(home, "home");
    Optional<Path> configured =
        Optional.ofNullable(dataDir)
            .flatMap(
                dir -> {
                  if (dir.equals("~")) {
                    return Optional.of(home);
                  }
                  if (dir.startsWith("~/") || dir.startsWith("~\\")) {
                    return toPath(dir.substring(2)).map(home::resolve);
                  }
                  return toPath(dir);
                });
    return configured.orElseGet(() -> home.resolve(".mcpproxy"));
  }

  /**
   * Returns the routing mode in effect: {@code routing_mode} when it is one of {@code
   * retrieve_tools}, {@code direct} or {@code code_execution}.
   *
   * @return the mode; absent or unknown values give {@code retrieve_tools}, as mcpproxy falls back
   *     to it and free text must never reach a heartbeat
   */
  public String routingMode() {
    return routingMode;
  }

  /**
   * Returns the routing modes mcpproxy knows, the only ones a heartbeat carries.
   *
   * @return {@code retrieve_tools}, {@code direct} and {@code code_execution}
   */
  public static Set<String> routingModes() {
    return ROUTING_MODES;
  }

  /**
   * Returns how many servers {@code mcpServers} configures.
   *
   * @return the number of object entries in {@code mcpServers}; 0 when it is absent
   */
  public int serverCount() {
    return servers.size();
  }

  /**
   * Returns the entries of {@code mcpServers}, without names; entries that are not objects are
   * skipped.
   *
   * @return the servers in file order, unmodifiable
   */
  public List<ServerEntry> servers() {
    return servers;
  }

  /**
   * Returns {@code enable_socket}: the local Unix socket or named pipe used by the tray.
   *
   * @return the value; absent means {@code true}, mcpproxy's default
   */
  public boolean enableSocket() {
    return enableSocket;
  }

  /**
   * Returns {@code features.enable_web_ui}.
   *
   * @return the value; absent means {@code true}
   */
  public boolean enableWebUi() {
    return enableWebUi;
  }

  /**
   * Returns {@code enable_prompts}.
   *
   * @return the value; absent means {@code false}
   */
  public boolean enablePrompts() {
    return enablePrompts;
  }

  /**
   * Returns {@code require_mcp_auth}.
   *
   * @return the value; absent means {@code false}
   */
  public boolean requireMcpAuth() {
    return requireMcpAuth;
  }

  /**
   * Returns {@code enable_code_execution}.
   *
   * @return the value; absent means {@code false}
   */
  public boolean enableCodeExecution() {
    return enableCodeExecution;
  }

  /**
   * Returns {@code quarantine_enabled}: whether new servers start quarantined.
   *
   * @return the value; absent means {@code true}
   */
  public boolean quarantineEnabled() {
    return quarantineEnabled;
  }

  /**
   * Returns {@code sensitive_data_detection.enabled}.
   *
   * @return the value; absent (also when the whole object is absent) means {@code true}
   */
  public boolean sensitiveDataDetectionEnabled() {
    return sensitiveDataDetectionEnabled;
  }

  JsonDocument document() {
    return document;
  }

  /** Names the source and counts servers; never prints values from the file. */
  @Override
  public String toString() {
    return "HostConfig[source=" + source + ", servers=" + servers.size() + "]";
  }

  private Optional<Path> toPath(String value) {
    try {
      return Optional.of(Path.of(value));
    } catch (InvalidPathException e) {
      LOG.log(Level.WARNING, "data_dir in {0} is not a valid path and is ignored", source);
      return Optional.empty();
    }
  }

  private static List<ServerEntry> readServers(JsonObject root) {
    Optional<JsonArray> list =
        root.get("mcpServers").filter(JsonArray.class::isInstance).map(JsonArray.class::cast);
    if (list.isEmpty()) {
      return List.of();
    }
    List<ServerEntry> entries = new ArrayList<>();
    for (JsonValue element : list.get().elements()) {
      if (element instanceof JsonObject server) {
        entries.add(
            new ServerEntry(
                server.getString("protocol").orElse(""),
                server.getString("url").orElse(""),
                server.getObject("oauth").isPresent(),
                server.getBoolean("enabled").orElse(true)));
      }
    }
    return List.copyOf(entries);
  }
}
