package app.mcpproxy.telemetry.env;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One place a telemetry opt-out can come from, with what it holds now.
 *
 * @param name the variable name ({@code DO_NOT_TRACK}, {@code CI}, {@code MCPPROXY_TELEMETRY}),
 *     {@code config} for the config file's {@code telemetry.enabled}, or {@code default}
 * @param value the current value as set, or {@code null} when unset
 * @param decided whether this source made the decision
 */
public record OptOutSource(String name, @Nullable String value, boolean decided) {
  /**
   * Creates a source.
   *
   * @throws NullPointerException when {@code name} is {@code null}
   */
  public OptOutSource {
    Objects.requireNonNull(name, "name");
  }
}
