package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.WireValue;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** One counter per member of a fixed vocabulary, indexed by ordinal. */
final class EnumCounters<E extends Enum<E> & WireValue> {
  private final E[] members;
  private final LongAdder[] adders;
  private final Map<String, E> byWireName;

  EnumCounters(Class<E> type) {
    this.members = type.getEnumConstants();
    this.adders = Adders.create(members.length);
    Map<String, E> names = new HashMap<>();
    for (E member : members) {
      names.put(member.wireName(), member);
    }
    this.byWireName = Map.copyOf(names);
  }

  void increment(E member) {
    adders[member.ordinal()].increment();
  }

  /** Finds a member by wire name without allocating; {@code null} when there is none. */
  E find(String wireName) {
    return wireName == null ? null : byWireName.get(wireName);
  }

  SortedMap<String, Long> snapshot(boolean withZeros) {
    SortedMap<String, Long> counts = new TreeMap<>();
    for (E member : members) {
      long count = adders[member.ordinal()].sum();
      if (withZeros || count > 0) {
        counts.put(member.wireName(), count);
      }
    }
    return counts;
  }

  void subtract(Map<String, Long> sent) {
    sent.forEach(
        (name, count) -> {
          E member = find(name);
          if (member != null) {
            Adders.subtract(adders[member.ordinal()], count);
          }
        });
  }

  void add(Map<String, Long> restored) {
    restored.forEach(
        (name, count) -> {
          E member = find(name);
          if (member != null) {
            Adders.add(adders[member.ordinal()], count);
          }
        });
  }

  void reset() {
    for (LongAdder adder : adders) {
      Adders.clear(adder);
    }
  }
}
