package app.mcpproxy.telemetry.counters;

import java.util.List;

/**
 * A fixed set of strings, each mapped to its position in the list it was built from. Built once; a
 * lookup hashes (a string caches its hash), probes a power-of-two table and compares, allocating
 * nothing, which keeps recording as cheap as the counter it increments.
 */
final class KeyTable {
  private final String[] keys;
  private final int[] positions;
  private final int mask;

  /** Builds the table of distinct keys; key {@code i} is found at position {@code i}. */
  KeyTable(List<String> distinctKeys) {
    int capacity = 2;
    // At most one quarter full, so that probes are short and a free slot always ends a miss.
    while (capacity < distinctKeys.size() * 4) {
      capacity <<= 1;
    }
    keys = new String[capacity];
    positions = new int[capacity];
    mask = capacity - 1;
    for (int position = 0; position < distinctKeys.size(); position++) {
      String key = distinctKeys.get(position);
      int slot = spread(key.hashCode()) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      positions[slot] = position;
    }
  }

  /** Returns the key's position, or -1 when it is not in the table or is {@code null}. */
  @SuppressWarnings("ReferenceEquality") // the same instance is a match without comparing chars
  int positionOf(String key) {
    if (key == null) {
      return -1;
    }
    int slot = spread(key.hashCode()) & mask;
    while (true) {
      String candidate = keys[slot];
      if (candidate == null) {
        return -1;
      }
      if (candidate == key || candidate.equals(key)) {
        return positions[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
