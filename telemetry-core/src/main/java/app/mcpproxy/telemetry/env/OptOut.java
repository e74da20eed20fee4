package app.mcpproxy.telemetry.env;

import app.mcpproxy.telemetry.model.EnvDisabledReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules that switch telemetry off: environment variables first, then the config flag, then the
 * default (on).
 *
 * <p>The variables, highest first:
 *
 * <ul>
 *   <li>{@code DO_NOT_TRACK} set to anything but {@code 0} (see consoledonottrack.com);
 *   <li>{@code CI} set to {@code true}, {@code 1} or {@code yes};
 *   <li>{@code MCPPROXY_TELEMETRY} set to {@code false}, {@code 0}, {@code no} or {@code off}.
 * </ul>
 *
 * Values are trimmed and compared ignoring case.
 *
 * <pre>{@code
 * OptOutDecision decision = OptOut.decide(System.getenv(), config.telemetryEnabled());
 * if (!decision.enabled()) {
 *   return; // no heartbeat loop, no network
 * }
 * }</pre>
 */
public final class OptOut {
  static final String DO_NOT_TRACK = "DO_NOT_TRACK";
  static final String CI = "CI";
  static final String MCPPROXY_TELEMETRY = "MCPPROXY_TELEMETRY";

  private OptOut() {}

  /**
   * Finds the environment variable that switches telemetry off; the first rule that holds wins.
   *
   * @param env the environment variables
   * @return the reason, or {@link EnvDisabledReason#NONE} when no variable opts out
   * @throws NullPointerException when {@code env} is {@code null}
   */
  public static EnvDisabledReason check(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    if (EnvVariables.trimmed(env, DO_NOT_TRACK).filter(value -> !value.equals("0")).isPresent()) {
      return EnvDisabledReason.DO_NOT_TRACK;
    }
    if (EnvVariables.isOneOf(env, CI, "true", "1", "yes")) {
      return EnvDisabledReason.CI;
    }
    if (EnvVariables.isOneOf(env, MCPPROXY_TELEMETRY, "false", "0", "no", "off")) {
      return EnvDisabledReason.MCPPROXY_TELEMETRY;
    }
    return EnvDisabledReason.NONE;
  }

  /**
   * Decides whether telemetry is on: an opting-out variable wins, then the config flag, then the
   * default, which is on.
   *
   * @param env the environment variables
   * @param configEnabled the config file's {@code telemetry.enabled}, empty when absent
   * @return the decision with every source in precedence order
   * @throws NullPointerException when an argument is {@code null}
   */
  public static OptOutDecision decide(Map<String, String> env, Optional<Boolean> configEnabled) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(configEnabled, "configEnabled");
    EnvDisabledReason reason = check(env);
    String decidedBy;
    boolean enabled;
    if (reason != EnvDisabledReason.NONE) {
      decidedBy = reason.wireName();
      enabled = false;
    } else if (configEnabled.isPresent()) {
      decidedBy = OptOutDecision.DECIDED_BY_CONFIG;
      enabled = configEnabled.get();
    } else {
      decidedBy = OptOutDecision.DECIDED_BY_DEFAULT;
      enabled = true;
    }
    List<OptOutSource> sources =
        List.of(
            new OptOutSource(
                DO_NOT_TRACK, env.get(DO_NOT_TRACK), reason == EnvDisabledReason.DO_NOT_TRACK),
            new OptOutSource(CI, env.get(CI), reason == EnvDisabledReason.CI),
            new OptOutSource(
                MCPPROXY_TELEMETRY,
                env.get(MCPPROXY_TELEMETRY),
                reason == EnvDisabledReason.MCPPROXY_TELEMETRY),
            new OptOutSource(
                OptOutDecision.DECIDED_BY_CONFIG,
                configEnabled.map(String::valueOf).orElse(null),
                decidedBy.equals(OptOutDecision.DECIDED_BY_CONFIG)),
            new OptOutSource(
                OptOutDecision.DECIDED_BY_DEFAULT,
                "true",
                decidedBy.equals(OptOutDecision.DECIDED_BY_DEFAULT)));
    return new OptOutDecision(enabled, reason, decidedBy, sources);
  }
}
