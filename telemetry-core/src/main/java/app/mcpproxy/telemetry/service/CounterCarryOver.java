package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Carries unsent counters from one run to the next: persisted when the service closes, and added
 * back into the registry by the first send of the next run.
 */
final class CounterCarryOver {
  private final CounterRegistry registry;
  private final DatabaseAccess databases;
  private final Object lock = new Object();
  private boolean restored;

  CounterCarryOver(CounterRegistry registry, DatabaseAccess databases) {
    this.registry = registry;
    this.databases = databases;
  }

  /** Adds the counters an earlier run persisted to the registry, once per service. */
  void restore(TelemetryDatabase db) {
    synchronized (lock) {
      if (restored) {
        return;
      }
      Optional<String> persisted = db.pendingCounters().take();
      restored = true;
      readable(persisted).ifPresent(registry::add);
    }
  }

  /**
   * Persists what the registry holds; nothing is written when it holds nothing. Holds the lock
   * throughout, so that a restore in progress on a send in flight ends first and is included, and a
   * restore that has not begun does nothing afterwards.
   */
  void persist() {
    synchronized (lock) {
      RegistrySnapshot snapshot = registry.snapshot();
      boolean wasRestored = restored;
      // From here on what is persisted stays there for the next run.
      restored = true;
      if (snapshot.isEmpty()) {
        return;
      }
      TelemetryDatabase db = databases.openWhileClosing();
      if (!wasRestored) {
        // Counters another run persisted and this one never restored are kept, not overwritten.
        Optional<RegistrySnapshot> earlier = readable(db.pendingCounters().take());
        if (earlier.isPresent()) {
          CounterRegistry merged = new CounterRegistry(registry.vocabulary());
          merged.add(earlier.get());
          merged.add(snapshot);
          snapshot = merged.snapshot();
        }
      }
      db.pendingCounters().save(snapshot.toJson());
    }
  }

  /** Parses persisted counters; unreadable ones are dropped, so they cannot cost newer ones. */
  private static Optional<RegistrySnapshot> readable(Optional<String> persisted) {
    try {
      return persisted.map(RegistrySnapshot::fromJson);
    } catch (IllegalArgumentException e) {
      TelemetryService.LOG.log(
          Level.WARNING, "Telemetry dropped unreadable persisted counters: {0}", e.getMessage());
      return Optional.empty();
    }
  }
}
