package app.mcpproxy.telemetry.model;

enum NoRuntimeStats implements RuntimeStats {
  INSTANCE;

  @Override
  public int serverCount() {
    return 0;
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
    return "retrieve_tools";
  }

  @Override
  public boolean quarantineEnabled() {
    return true;
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
