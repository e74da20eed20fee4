package app.mcpproxy.telemetry.env;

/** The checker of a host that has no tray handshake. */
enum NoTrayHandshake implements HandshakeChecker {
  INSTANCE;

  @Override
  public boolean launchedViaTray() {
    return false;
  }
}
