package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.model.RuntimeStats;

/**
 * Runtime figures taken from the config file alone, for a host that supplies none: configured
 * servers, routing mode and quarantine as configured; nothing connected, no tools, no Docker.
 */
record ConfigRuntimeStats(HostConfig config) implements RuntimeStats {
  @Override
  public int serverCount() {
    return config.serverCount();
  }

  @Override
  public int connectedServerCount() {
    return 0;
  }

  @Override
  public int toolCount() {
    return 0;
  }

  @Override
  public String routingMode() {
    return config.routingMode();
  }

  @Override
  public boolean quarantineEnabled() {
    return config.quarantineEnabled();
  }

  @Override
  public boolean dockerAvailable() {
    return false;
  }

  @Override
  public int dockerIsolatedServerCount() {
    return 0;
  }
}
