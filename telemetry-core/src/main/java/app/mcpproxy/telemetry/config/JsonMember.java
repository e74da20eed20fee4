package app.mcpproxy.telemetry.config;

import java.util.Objects;

/**
 * One {@code "key": value} pair of a JSON object.
 *
 * @param rawKey the key as written in the document, quotes and escapes included
 * @param key the decoded key
 * @param value the value
 */
record JsonMember(String rawKey, String key, JsonValue value) {

  JsonMember {
    Objects.requireNonNull(rawKey, "rawKey");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  static JsonMember of(String key, JsonValue value) {
    return new JsonMember(JsonScalar.string(key).raw(), key, value);
  }

  JsonMember withValue(JsonValue newValue) {
    return new JsonMember(rawKey, key, newValue);
  }
}
