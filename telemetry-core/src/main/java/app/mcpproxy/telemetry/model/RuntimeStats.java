package app.mcpproxy.telemetry.model;

/** Live figures the host supplies at heartbeat time; only counts and fixed values, never names. */
public interface RuntimeStats {
  /** Returns the number of configured upstream servers. */
  int serverCount();

  /** Returns the number of upstream servers connected now. */
  int connectedServerCount();

  /** Returns the number of tools the upstream servers offer. */
  int toolCount();

  /** Returns the routing mode, such as {@code retrieve_tools}. */
  String routingMode();

  /** Tells whether new servers are quarantined. */
  boolean quarantineEnabled();

  /** Tells whether a Docker daemon is reachable; implementations should memoise the probe. */
  boolean dockerAvailable();

  /** Returns how many configured servers run isolated in Docker. */
  int dockerIsolatedServerCount();

  /** Stats of a host that reports nothing: zero servers, {@code retrieve_tools}, quarantine on. */
  static RuntimeStats none() {
    return NoRuntimeStats.INSTANCE;
  }
}
