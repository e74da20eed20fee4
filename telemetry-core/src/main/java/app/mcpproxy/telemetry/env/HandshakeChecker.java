package app.mcpproxy.telemetry.env;

/** Tells whether the tray application started this process and announced it by handshake. */
@FunctionalInterface
public interface HandshakeChecker {
  /**
   * Tells whether the tray handshake reported that the tray launched this process.
   *
   * @return {@code true} for a tray launch
   */
  boolean launchedViaTray();

  /**
   * Returns a checker for hosts without a tray handshake; it always answers {@code false}.
   *
   * @return the no-handshake checker
   */
  static HandshakeChecker none() {
    return NoTrayHandshake.INSTANCE;
  }
}
