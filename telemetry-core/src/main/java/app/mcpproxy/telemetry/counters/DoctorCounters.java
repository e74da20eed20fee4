package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.DoctorCounts;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pass and fail counts by diagnostic check name. As with REST keys, names are never removed and
 * their number is capped.
 */
final class DoctorCounters {
  /** Check names beyond this many are not counted. */
  static final int MAX_CHECKS = 256;

  /** Longer names are not check names. */
  static final int MAX_NAME_LENGTH = 128;

  private final ConcurrentHashMap<String, PassFail> byName = new ConcurrentHashMap<>();
  private final AtomicInteger names = new AtomicInteger();

  void record(String checkName, boolean passed) {
    PassFail counts = countsFor(checkName);
    if (counts != null) {
      (passed ? counts.pass : counts.fail).increment();
    }
  }

  /** Finds or creates the counts of a check; {@code null} when the name is not counted. */
  private PassFail countsFor(String checkName) {
    if (checkName == null) {
      return null;
    }
    PassFail counts = byName.get(checkName);
    if (counts != null) {
      return counts;
    }
    if (checkName.isBlank() || checkName.length() > MAX_NAME_LENGTH || names.get() >= MAX_CHECKS) {
      return null;
    }
    return byName.computeIfAbsent(checkName, this::newCountsWithinCap);
  }

  private PassFail newCountsWithinCap(String checkName) {
    if (names.incrementAndGet() > MAX_CHECKS) {
      names.decrementAndGet();
      return null;
    }
    return new PassFail();
  }

  SortedMap<String, DoctorCounts> snapshot() {
    SortedMap<String, DoctorCounts> checks = new TreeMap<>();
    byName.forEach(
        (name, counts) -> {
          long pass = counts.pass.sum();
          long fail = counts.fail.sum();
          if (pass > 0 || fail > 0) {
            checks.put(name, new DoctorCounts(pass, fail));
          }
        });
    return checks;
  }

  void subtract(Map<String, DoctorCounts> sent) {
    sent.forEach(
        (name, counts) -> {
          PassFail existing = byName.get(name);
          if (existing != null) {
            Adders.subtract(existing.pass, counts.pass());
            Adders.subtract(existing.fail, counts.fail());
          }
        });
  }

  void add(Map<String, DoctorCounts> restored) {
    restored.forEach(
        (name, counts) -> {
          PassFail existing = countsFor(name);
          if (existing != null) {
            Adders.add(existing.pass, counts.pass());
            Adders.add(existing.fail, counts.fail());
          }
        });
  }

  void reset() {
    byName
        .values()
        .forEach(
            counts -> {
              Adders.clear(counts.pass);
              Adders.clear(counts.fail);
            });
  }

  private static final class PassFail {
    final LongAdder pass = new LongAdder();
    final LongAdder fail = new LongAdder();
  }
}
