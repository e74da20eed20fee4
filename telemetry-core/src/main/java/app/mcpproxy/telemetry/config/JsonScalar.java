package app.mcpproxy.telemetry.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Objects;
import java.util.Optional;

/**
 * A string, number, boolean or null, kept as its exact source text.
 *
 * <p>Keeping the source text is what lets {@code 1.0}, {@code 1e3}, integers of any size and
 * escapes such as {@code \}{@code u003c} survive a rewrite unchanged.
 *
 * @param kind what the scalar is
 * @param raw the JSON text as it appears in the document, quotes and escapes included
 * @param text the decoded string for {@link Kind#STRING}, otherwise the same as {@code raw}
 */
record JsonScalar(Kind kind, String raw, String text) implements JsonValue {

  /** The JSON scalar types. */
  enum Kind {
    STRING,
    NUMBER,
    TRUE,
    FALSE,
    NULL
  }

  JsonScalar {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(text, "text");
  }

  static JsonScalar string(String value) {
    String quoted = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    return new JsonScalar(Kind.STRING, quoted, value);
  }

  static JsonScalar bool(boolean value) {
    return value
        ? new JsonScalar(Kind.TRUE, "true", "true")
        : new JsonScalar(Kind.FALSE, "false", "false");
  }

  /** Returns the decoded string when this is a JSON string. */
  Optional<String> asString() {
    return kind == Kind.STRING ? Optional.of(text) : Optional.empty();
  }

  /** Returns the value when this is {@code true} or {@code false}. */
  Optional<Boolean> asBoolean() {
    return switch (kind) {
      case TRUE -> Optional.of(Boolean.TRUE);
      case FALSE -> Optional.of(Boolean.FALSE);
      default -> Optional.empty();
    };
  }
}
