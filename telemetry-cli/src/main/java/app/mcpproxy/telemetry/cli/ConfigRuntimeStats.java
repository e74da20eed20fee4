package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.model.RuntimeStats;

/**
 * Host figures as the config file states them, for a process that is not the running host: servers
 * configured, none connected, no tools known, the configured routing mode.
 */
final class ConfigRuntimeStats implements RuntimeStats {
  private final int serverCount;
  private final String routingMode;
  private final boolean quarantineEnabled;

  ConfigRuntimeStats(HostConfig config) {
    this.serverCount = config.serverCount();
    this.routingMode = config.routingMode();
    this.quarantineEnabled = config.quarantineEnabled();
  }

  @Override
  public int serverCount() {
    return serverCount;
  }

  /** Always 0: only the running host knows which servers are connected. */
  @Override
  public int connectedServerCount() {
    return 0;
  }

  /** Always 0: only the running host knows the tools its servers offer. */
  @Override
  public int toolCount() {
    return 0;
  }

  @Override
  public String routingMode() {
    return routingMode;
  }

  @Override
  public boolean quarantineEnabled() {
    return quarantineEnabled;
  }

  /** Always false: this tool does not probe for a Docker daemon. */
  @Override
  public boolean dockerAvailable() {
    return false;
  }

  /** Always 0: isolation is decided by the running host. */
  @Override
  public int dockerIsolatedServerCount() {
    return 0;
  }
}
