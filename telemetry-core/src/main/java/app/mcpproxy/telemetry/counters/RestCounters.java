package app.mcpproxy.telemetry.counters;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * REST calls by declared route template, method and status class.
 *
 * <p>The templates are fixed when the registry is built, so recording is a lookup in a precomputed
 * table and an index into one flat array of counters: no concatenation, no allocation once a
 * counter exists. A counter is created on first use and never removed, since a recorder may hold
 * it. A call on an undeclared template counts under {@link RestKeys#UNMATCHED}.
 */
// Slots are indexed by the method's ordinal so that counting allocates nothing.
@SuppressWarnings("EnumOrdinal")
final class RestCounters {
  private static final int CLASSES = RestKeys.STATUS_CLASS_COUNT;
  private static final int PER_ROUTE = HttpMethod.COUNT * CLASSES;

  private final List<String> templates;
  private final KeyTable routes;
  private final AtomicReferenceArray<LongAdder> counts;
  private final StatusCounts unmatched = new StatusCounts();
  private final LongAdder undeclared = new LongAdder();

  RestCounters(List<String> declaredTemplates) {
    this.templates = declaredTemplates;
    this.routes = new KeyTable(declaredTemplates);
    this.counts = new AtomicReferenceArray<>(declaredTemplates.size() * PER_ROUTE);
  }

  void increment(String method, String template, int statusClass) {
    int route = routes.positionOf(template);
    if (route < 0) {
      fold(template, statusClass);
      return;
    }
    int slot = route * PER_ROUTE + HttpMethod.of(method).ordinal() * CLASSES + statusClass;
    LongAdder adder = counts.get(slot);
    if (adder == null) {
      adder = create(slot);
    }
    adder.increment();
  }

  private void fold(String template, int statusClass) {
    if (template != null) {
      undeclared.increment();
    }
    unmatched.increment(statusClass);
  }

  private LongAdder create(int slot) {
    counts.compareAndSet(slot, null, new LongAdder());
    return counts.get(slot);
  }

  /** Calls on a template that was given but not declared, folded under the unmatched key. */
  long undeclaredTotal() {
    return undeclared.sum();
  }

  SortedMap<String, SortedMap<String, Long>> snapshot() {
    SortedMap<String, SortedMap<String, Long>> calls = new TreeMap<>();
    for (int base = 0; base < counts.length(); base += CLASSES) {
      SortedMap<String, Long> byClass = null;
      for (int statusClass = 0; statusClass < CLASSES; statusClass++) {
        LongAdder adder = counts.get(base + statusClass);
        long count = adder == null ? 0 : adder.sum();
        if (count > 0) {
          if (byClass == null) {
            byClass = new TreeMap<>();
          }
          byClass.put(RestKeys.statusClassName(statusClass), count);
        }
      }
      if (byClass != null) {
        calls.put(keyOf(base), byClass);
      }
    }
    SortedMap<String, Long> unmatchedByClass = unmatched.snapshot();
    if (!unmatchedByClass.isEmpty()) {
      calls.put(RestKeys.UNMATCHED, unmatchedByClass);
    }
    return calls;
  }

  private String keyOf(int base) {
    HttpMethod method = HttpMethod.ofOrdinal((base % PER_ROUTE) / CLASSES);
    return method.name() + ' ' + templates.get(base / PER_ROUTE);
  }

  /** Subtracts sent counts from existing keys; keys that do not exist here are ignored. */
  void subtract(Map<String, ? extends Map<String, Long>> sent) {
    sent.forEach(
        (key, byClass) -> {
          if (key.equals(RestKeys.UNMATCHED)) {
            unmatched.subtract(byClass);
            return;
          }
          int base = baseOf(key);
          if (base >= 0) {
            byClass.forEach(
                (statusClass, count) -> {
                  int index = RestKeys.statusClassIndex(statusClass);
                  LongAdder adder = index < 0 ? null : counts.get(base + index);
                  if (adder != null) {
                    Adders.subtract(adder, count);
                  }
                });
          }
        });
  }

  /**
   * Adds restored counts, checking each key as a recorded call is checked: an undeclared or
   * unusable template counts under {@link RestKeys#UNMATCHED}, an unknown method as {@code OTHER},
   * and a status class other than {@code 2xx}-{@code 5xx} is dropped.
   */
  void add(Map<String, ? extends Map<String, Long>> restored) {
    restored.forEach(
        (key, byClass) -> {
          if (key.equals(RestKeys.UNMATCHED)) {
            unmatched.add(byClass);
            return;
          }
          int base = baseOf(key);
          byClass.forEach(
              (statusClass, count) -> {
                int index = RestKeys.statusClassIndex(statusClass);
                if (index < 0 || count <= 0) {
                  return;
                }
                if (base < 0) {
                  undeclared.add(count);
                  unmatched.add(index, count);
                } else {
                  LongAdder adder = counts.get(base + index);
                  Adders.add(adder == null ? create(base + index) : adder, count);
                }
              });
        });
  }

  /**
   * Zeroes the counts of one key, such as one the anonymity scanner refused.
   *
   * @return whether the key is one of this registry's
   */
  boolean clear(String key) {
    if (key.equals(RestKeys.UNMATCHED)) {
      unmatched.reset();
      return true;
    }
    int base = baseOf(key);
    if (base < 0) {
      return false;
    }
    for (int statusClass = 0; statusClass < CLASSES; statusClass++) {
      LongAdder adder = counts.get(base + statusClass);
      if (adder != null) {
        Adders.clear(adder);
      }
    }
    return true;
  }

  void reset() {
    for (int slot = 0; slot < counts.length(); slot++) {
      LongAdder adder = counts.get(slot);
      if (adder != null) {
        Adders.clear(adder);
      }
    }
    unmatched.reset();
  }

  /** The first slot of a {@code "METHOD /template"} key, or -1 when its template is undeclared. */
  private int baseOf(String key) {
    int space = key.indexOf(' ');
    if (space < 0) {
      return -1;
    }
    int route = routes.positionOf(key.substring(space + 1));
    if (route < 0) {
      return -1;
    }
    return route * PER_ROUTE + HttpMethod.of(key.substring(0, space)).ordinal() * CLASSES;
  }
}
