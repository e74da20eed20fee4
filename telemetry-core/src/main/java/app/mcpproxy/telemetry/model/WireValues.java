package app.mcpproxy.telemetry.model;

import java.util.Optional;

/** Look-ups of enum members by their wire strings. */
final class WireValues {
  private WireValues() {}

  static <E extends Enum<E> & WireValue> Optional<E> find(Class<E> type, String wireName) {
    if (wireName == null) {
      return Optional.empty();
    }
    for (E value : type.getEnumConstants()) {
      if (value.wireName().equals(wireName)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
