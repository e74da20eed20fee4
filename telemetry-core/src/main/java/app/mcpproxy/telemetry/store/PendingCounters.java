package app.mcpproxy.telemetry.store;

import java.util.Optional;

/**
 * Counters that were recorded but not yet accepted by the collector, kept across a restart as one
 * JSON document.
 *
 * <pre>{@code
 * pending.save(registry.snapshot().toJson());      // on close
 * pending.take().map(RegistrySnapshot::fromJson)   // at start
 *     .ifPresent(registry::add);
 * }</pre>
 */
public interface PendingCounters {

  /**
   * Stores the counters, replacing any stored before.
   *
   * @param json the counters as JSON
   * @throws StoreException if the database cannot be written
   */
  void save(String json);

  /**
   * Returns the stored counters and removes them, atomically, so they are restored only once.
   *
   * @return the stored JSON, or empty when nothing is stored
   * @throws StoreException if the database cannot be read or written
   */
  Optional<String> take();

  /**
   * Returns thread-safe pending counters kept in memory, for hosts without a data directory and for
   * tests.
   *
   * @return new, empty pending counters
   */
  static PendingCounters inMemory() {
    return new InMemoryPendingCounters();
  }
}
