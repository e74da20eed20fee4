package app.mcpproxy.telemetry.env;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads environment variables the way every rule here does: trimmed, and blank as unset. */
final class EnvVariables {
  private EnvVariables() {}

  /** Returns the trimmed value of a variable, or empty when it is unset or blank. */
  static Optional<String> trimmed(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null) {
      return Optional.empty();
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
  }

  /** Tells whether a variable holds anything other than white space. */
  static boolean isSet(Map<String, String> env, String name) {
    return trimmed(env, name).isPresent();
  }

  /**
   * Tells whether a variable's trimmed value equals one of the lower-case words in any case.
   * Lower-casing in the root locale, rather than {@link String#equalsIgnoreCase}, keeps look-alikes
   * such as the long s ({@code ſ}) or the dotless i ({@code ı}) from matching.
   */
  static boolean isOneOf(Map<String, String> env, String name, String... words) {
    Optional<String> value = trimmed(env, name).map(v -> v.toLowerCase(Locale.ROOT));
    if (value.isEmpty()) {
      return false;
    }
    for (String word : words) {
      if (word.equals(value.get())) {
        return true;
      }
    }
    return false;
  }
}
