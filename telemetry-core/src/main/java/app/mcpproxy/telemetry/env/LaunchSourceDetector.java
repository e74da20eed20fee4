package app.mcpproxy.telemetry.env;

import app.mcpproxy.telemetry.model.LaunchSource;
import java.util.Map;
import java.util.Objects;

/**
 * Classifies how the process was started: by the installer, the tray, the login-item launcher, or a
 * person at a terminal.
 *
 * <p>Pure: the variables and probes are passed in. {@link ProcessEnvironment#launchSource()} runs
 * it once against the real process.
 */
public final class LaunchSourceDetector {
  /** The variable an installer sets on the process it starts. */
  static final String LAUNCHED_BY = "MCPPROXY_LAUNCHED_BY";

  private LaunchSourceDetector() {}

  /**
   * Classifies a launch. The first rule that holds wins: {@code MCPPROXY_LAUNCHED_BY=installer}
   * (trimmed, any case) gives installer; the tray handshake gives tray; a login-item parent gives
   * login_item; a terminal on standard input gives cli; otherwise unknown. A {@code null} checker
   * counts as answering {@code false}.
   *
   * @param env the environment variables
   * @param handshake the tray handshake checker, may be {@code null}
   * @param ppid the login-item parent checker, may be {@code null}
   * @param tty the standard-input terminal checker, may be {@code null}
   * @return the launch source, never {@code null}
   * @throws NullPointerException when {@code env} is {@code null}
   */
  public static LaunchSource detect(
      Map<String, String> env, HandshakeChecker handshake, PPIDChecker ppid, TTYChecker tty) {
    Objects.requireNonNull(env, "env");
    if (EnvVariables.isOneOf(env, LAUNCHED_BY, "installer")) {
      return LaunchSource.INSTALLER;
    }
    if (handshake != null && handshake.launchedViaTray()) {
      return LaunchSource.TRAY;
    }
    if (ppid != null && ppid.isLoginItemParent()) {
      return LaunchSource.LOGIN_ITEM;
    }
    if (tty != null && tty.isTerminal()) {
      return LaunchSource.CLI;
    }
    return LaunchSource.UNKNOWN;
  }
}
