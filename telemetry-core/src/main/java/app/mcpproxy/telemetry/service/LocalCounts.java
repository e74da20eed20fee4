package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counts what this process kept back instead of sending: calls on undeclared routes, results of
 * undeclared checks, unknown client names, entries the anonymity scanner removed by rule. Counted
 * in memory, added to {@code telemetry.db} by each send and on close, shown by {@code status};
 * never sent, and never a value, only how often.
 */
final class LocalCounts {
  static final String UNDECLARED_REST_ROUTE = "undeclared_rest_route";
  static final String UNDECLARED_DOCTOR_CHECK = "undeclared_doctor_check";
  static final String BAD_REST_STATUS_CLASS = "bad_rest_status_class";
  static final String UNKNOWN_MCP_CLIENT = "unknown_mcp_client";
  static final String HEARTBEAT_BLOCKED = "heartbeat_blocked";
  static final String SCANNER_REMOVED = "scanner_removed.";

  private final Map<String, LongSupplier> lifetimeTotals;
  private final ConcurrentHashMap<String, LongAdder> counted = new ConcurrentHashMap<>();
  private final Map<String, Long> flushed = new TreeMap<>();

  LocalCounts(CounterRegistry registry) {
    this.lifetimeTotals =
        Map.of(
            UNDECLARED_REST_ROUTE, registry::undeclaredRoutesTotal,
            UNDECLARED_DOCTOR_CHECK, registry::undeclaredChecksTotal,
            BAD_REST_STATUS_CLASS, registry::droppedRestRequestsTotal,
            HEARTBEAT_BLOCKED, registry::anonymityViolationsTotal);
  }

  /** Counts an unknown MCP client name, recorded as {@code other}. */
  void unknownClient() {
    count(UNKNOWN_MCP_CLIENT);
  }

  /** Counts an entry removed from a heartbeat because the scanner refused it by {@code rule}. */
  void removedByScanner(String rule) {
    count(SCANNER_REMOVED + rule);
  }

  private void count(String name) {
    counted.computeIfAbsent(name, n -> new LongAdder()).increment();
  }

  /** Everything this process counted since it started. */
  synchronized SortedMap<String, Long> thisProcess() {
    SortedMap<String, Long> totals = new TreeMap<>();
    lifetimeTotals.forEach((name, total) -> putNonZero(totals, name, total.getAsLong()));
    counted.forEach((name, adder) -> putNonZero(totals, name, adder.sum()));
    return totals;
  }

  /** What this process counted and has not yet added to the database. */
  synchronized SortedMap<String, Long> unflushed() {
    SortedMap<String, Long> delta = new TreeMap<>();
    thisProcess()
        .forEach((name, total) -> putNonZero(delta, name, total - flushed.getOrDefault(name, 0L)));
    return delta;
  }

  /**
   * Adds what is not in the database yet, opening it only when there is something to add; on
   * failure it stays for the next flush.
   */
  synchronized void flush(Supplier<Optional<TelemetryDatabase>> db) {
    SortedMap<String, Long> delta = unflushed();
    if (delta.isEmpty()) {
      return;
    }
    Optional<TelemetryDatabase> database = db.get();
    if (database.isEmpty()) {
      return;
    }
    database.get().localCounts().add(delta);
    delta.forEach((name, n) -> flushed.merge(name, n, Long::sum));
  }

  /** Counts in the database plus those not flushed yet. */
  synchronized SortedMap<String, Long> withStored(Map<String, Long> stored) {
    SortedMap<String, Long> all = new TreeMap<>(stored);
    unflushed().forEach((name, n) -> all.merge(name, n, Long::sum));
    return all;
  }

  /** Treats everything counted so far as gone, as after the install was forgotten. */
  synchronized void forgetUnflushed() {
    thisProcess().forEach(flushed::put);
  }

  private static void putNonZero(Map<String, Long> target, String name, long n) {
    if (n > 0) {
      target.put(name, n);
    }
  }
}
