package app.mcpproxy.telemetry.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * REST calls by method, route template and status class.
 *
 * <p>One map per method, keyed by the template, so recording an existing key neither concatenates
 * nor allocates. Keys are never removed: a recorder may hold a counter it has just looked up, and
 * an increment on a removed counter would be lost. The number of keys is capped so that a host
 * passing raw paths by mistake cannot grow memory or the payload without bound.
 */
final class RestCounters {
  /** Keys beyond this many are counted under {@link RestKeys#UNMATCHED}. */
  static final int MAX_KEYS = 1024;

  private final List<ConcurrentHashMap<String, StatusCounts>> byMethod;
  private final StatusCounts unmatched = new StatusCounts();
  private final AtomicInteger keys = new AtomicInteger();

  RestCounters() {
    List<ConcurrentHashMap<String, StatusCounts>> maps = new ArrayList<>();
    for (int i = 0; i < HttpMethod.count(); i++) {
      maps.add(new ConcurrentHashMap<>());
    }
    this.byMethod = List.copyOf(maps);
  }

  void increment(String method, String template, int statusClass) {
    countsFor(method, template).increment(statusClass);
  }

  /** Finds or creates the counts for a call, falling back to the unmatched key. */
  private StatusCounts countsFor(String method, String template) {
    if (template == null) {
      return unmatched;
    }
    ConcurrentHashMap<String, StatusCounts> routes = byMethod.get(HttpMethod.of(method).ordinal());
    StatusCounts counts = routes.get(template);
    if (counts != null) {
      return counts;
    }
    if (!RestKeys.isValidTemplate(template) || keys.get() >= MAX_KEYS) {
      return unmatched;
    }
    counts = routes.computeIfAbsent(template, this::newCountsWithinCap);
    return counts == null ? unmatched : counts;
  }

  private StatusCounts newCountsWithinCap(String template) {
    if (keys.incrementAndGet() > MAX_KEYS) {
      keys.decrementAndGet();
      return null;
    }
    return new StatusCounts();
  }

  SortedMap<String, SortedMap<String, Long>> snapshot() {
    SortedMap<String, SortedMap<String, Long>> calls = new TreeMap<>();
    for (int i = 0; i < byMethod.size(); i++) {
      String method = HttpMethod.ofOrdinal(i).name();
      byMethod
          .get(i)
          .forEach(
              (template, counts) -> {
                SortedMap<String, Long> byClass = counts.snapshot();
                if (!byClass.isEmpty()) {
                  calls.put(method + ' ' + template, byClass);
                }
              });
    }
    SortedMap<String, Long> unmatchedByClass = unmatched.snapshot();
    if (!unmatchedByClass.isEmpty()) {
      calls.put(RestKeys.UNMATCHED, unmatchedByClass);
    }
    return calls;
  }

  /** Subtracts sent counts from existing keys; keys that do not exist here are ignored. */
  void subtract(Map<String, ? extends Map<String, Long>> sent) {
    sent.forEach(
        (key, byClass) -> {
          StatusCounts counts = existingCounts(key);
          if (counts != null) {
            counts.subtract(byClass);
          }
        });
  }

  /**
   * Adds restored counts, validating each key as a recorded call would be: an unusable template
   * counts under {@link RestKeys#UNMATCHED}, an unknown method as {@code OTHER}, and a status class
   * other than {@code 2xx}-{@code 5xx} is dropped.
   */
  void add(Map<String, ? extends Map<String, Long>> restored) {
    restored.forEach(
        (key, byClass) -> {
          if (key.equals(RestKeys.UNMATCHED)) {
            unmatched.add(byClass);
            return;
          }
          int space = key.indexOf(' ');
          StatusCounts counts =
              space < 0 ? unmatched : countsFor(key.substring(0, space), key.substring(space + 1));
          counts.add(byClass);
        });
  }

  void reset() {
    for (ConcurrentHashMap<String, StatusCounts> routes : byMethod) {
      routes.values().forEach(StatusCounts::reset);
    }
    unmatched.reset();
  }

  private StatusCounts existingCounts(String key) {
    if (key.equals(RestKeys.UNMATCHED)) {
      return unmatched;
    }
    int space = key.indexOf(' ');
    if (space < 0) {
      return null;
    }
    HttpMethod method = HttpMethod.of(key.substring(0, space));
    return byMethod.get(method.ordinal()).get(key.substring(space + 1));
  }
}
