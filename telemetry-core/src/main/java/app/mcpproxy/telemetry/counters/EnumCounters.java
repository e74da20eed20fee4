package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.WireValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** One counter per member of a fixed vocabulary, indexed by ordinal. */
// Adders are indexed by ordinal so that counting allocates nothing and looks nothing up.
@SuppressWarnings("EnumOrdinal")
final class EnumCounters<E extends Enum<E> & WireValue> {
  private final E[] members;
  private final LongAdder[] adders;
  private final KeyTable byWireName;

  EnumCounters(Class<E> type) {
    this.members = type.getEnumConstants();
    this.adders = Adders.create(members.length);
    List<String> names = new ArrayList<>();
    for (E member : members) {
      names.add(member.wireName());
    }
    this.byWireName = new KeyTable(names);
  }

  void increment(E member) {
    adders[member.ordinal()].increment();
  }

  /** Counts the member of a wire name, without allocating; any other name is dropped. */
  void incrementByWireName(String wireName) {
    int ordinal = byWireName.positionOf(wireName);
    if (ordinal >= 0) {
      adders[ordinal].increment();
    }
  }

  /** Finds a member by wire name without allocating; {@code null} when there is none. */
  @Nullable E find(String wireName) {
    int ordinal = byWireName.positionOf(wireName);
    return ordinal < 0 ? null : members[ordinal];
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
