package app.mcpproxy.telemetry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object whose members keep their document order.
 *
 * <p>A key may occur more than once, as JSON allows; like Go's {@code encoding/json}, which reads
 * mcpproxy's config, the last occurrence is the one that counts.
 *
 * @param members the members in document order
 */
record JsonObject(List<JsonMember> members) implements JsonValue {

  JsonObject {
    members = List.copyOf(members);
  }

  static JsonObject empty() {
    return new JsonObject(List.of());
  }

  /** Returns the value of the last member with the given key. */
  Optional<JsonValue> get(String key) {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i).key().equals(key)) {
        return Optional.of(members.get(i).value());
      }
    }
    return Optional.empty();
  }

  Optional<JsonObject> getObject(String key) {
    return get(key).filter(JsonObject.class::isInstance).map(JsonObject.class::cast);
  }

  Optional<String> getString(String key) {
    return get(key)
        .filter(JsonScalar.class::isInstance)
        .flatMap(value -> ((JsonScalar) value).asString());
  }

  Optional<Boolean> getBoolean(String key) {
    return get(key)
        .filter(JsonScalar.class::isInstance)
        .flatMap(value -> ((JsonScalar) value).asBoolean());
  }

  /**
   * Returns a copy in which the last member with the key holds the value, in place; a key not
   * present is appended.
   */
  JsonObject with(String key, JsonValue value) {
    List<JsonMember> copy = new ArrayList<>(members);
    for (int i = copy.size() - 1; i >= 0; i--) {
      if (copy.get(i).key().equals(key)) {
        copy.set(i, copy.get(i).withValue(value));
        return new JsonObject(copy);
      }
    }
    copy.add(JsonMember.of(key, value));
    return new JsonObject(copy);
  }

  /** Returns a copy without any member with the key, so that no earlier duplicate resurfaces. */
  JsonObject without(String key) {
    List<JsonMember> copy = new ArrayList<>(members);
    copy.removeIf(member -> member.key().equals(key));
    return new JsonObject(copy);
  }
}
