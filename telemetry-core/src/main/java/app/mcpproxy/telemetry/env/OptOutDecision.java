package app.mcpproxy.telemetry.env;

import app.mcpproxy.telemetry.model.EnvDisabledReason;
import java.util.List;
import java.util.Objects;

/**
 * Whether telemetry is on, which source decided it, and what every source holds.
 *
 * @param enabled whether telemetry may send
 * @param envReason the variable that switched telemetry off, or {@link EnvDisabledReason#NONE}
 * @param decidedBy the deciding source: {@code DO_NOT_TRACK}, {@code CI}, {@code
 *     MCPPROXY_TELEMETRY=false}, {@value #DECIDED_BY_CONFIG} or {@value #DECIDED_BY_DEFAULT}
 * @param sources every source in precedence order, highest first
 */
public record OptOutDecision(
    boolean enabled, EnvDisabledReason envReason, String decidedBy, List<OptOutSource> sources) {
  /** The {@code decidedBy} value when the config file's {@code telemetry.enabled} decided. */
  public static final String DECIDED_BY_CONFIG = "config";

  /** The {@code decidedBy} value when nothing was set and the default (enabled) applies. */
  public static final String DECIDED_BY_DEFAULT = "default";

  /**
   * Creates a decision.
   *
   * @throws NullPointerException when an argument is {@code null}
   * @throws IllegalArgumentException when an environment reason is given but telemetry is enabled,
   *     or {@code decidedBy} does not name the environment reason
   */
  public OptOutDecision {
    Objects.requireNonNull(envReason, "envReason");
    Objects.requireNonNull(decidedBy, "decidedBy");
    sources = List.copyOf(sources);
    if (envReason != EnvDisabledReason.NONE) {
      if (enabled) {
        throw new IllegalArgumentException(
            "telemetry cannot be enabled when disabled by " + envReason.wireName());
      }
      if (!decidedBy.equals(envReason.wireName())) {
        throw new IllegalArgumentException(
            "decidedBy '" + decidedBy + "' does not match envReason " + envReason.wireName());
      }
    }
  }

  /**
   * Tells whether an environment variable switched telemetry off.
   *
   * @return {@code true} when {@link #envReason()} is not {@link EnvDisabledReason#NONE}
   */
  public boolean disabledByEnv() {
    return envReason != EnvDisabledReason.NONE;
  }
}
