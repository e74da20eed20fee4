package app.mcpproxy.telemetry.env;

import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import java.util.Objects;

/**
 * The verdict on the process environment together with the observations behind it.
 *
 * @param kind the environment kind
 * @param markers every observation, including those that did not decide the kind
 */
public record EnvDetection(EnvKind kind, EnvMarkers markers) {
  /**
   * Creates a detection.
   *
   * @throws NullPointerException when an argument is {@code null}
   */
  public EnvDetection {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(markers, "markers");
  }
}
