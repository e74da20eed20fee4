package app.mcpproxy.telemetry.counters;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** The calls of one REST key, by status class. */
final class StatusCounts {
  private final LongAdder[] byClass = Adders.create(RestKeys.STATUS_CLASS_COUNT);

  void increment(int statusClass) {
    byClass[statusClass].increment();
  }

  /** The non-zero counts by class name; empty when there are none. */
  SortedMap<String, Long> snapshot() {
    SortedMap<String, Long> counts = new TreeMap<>();
    for (int i = 0; i < byClass.length; i++) {
      long count = byClass[i].sum();
      if (count > 0) {
        counts.put(RestKeys.statusClassName(i), count);
      }
    }
    return counts;
  }

  void subtract(Map<String, Long> sent) {
    sent.forEach(
        (statusClass, count) -> {
          int index = RestKeys.statusClassIndex(statusClass);
          if (index >= 0) {
            Adders.subtract(byClass[index], count);
          }
        });
  }

  void add(Map<String, Long> restored) {
    restored.forEach(
        (statusClass, count) -> {
          int index = RestKeys.statusClassIndex(statusClass);
          if (index >= 0) {
            Adders.add(byClass[index], count);
          }
        });
  }

  /** Adds a restored count to one class; zero and negative counts are ignored. */
  void add(int statusClass, long count) {
    Adders.add(byClass[statusClass], count);
  }

  void reset() {
    for (LongAdder adder : byClass) {
      Adders.clear(adder);
    }
  }
}
