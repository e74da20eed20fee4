package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import java.util.List;

/**
 * The local record of heartbeats sent or attempted, so a person can see exactly what left the
 * machine; keeps the newest {@value #CAPACITY}.
 */
public interface HeartbeatLog {
  /** How many entries the log keeps. */
  int CAPACITY = 100;

  /**
   * Adds an entry and drops the oldest beyond {@value #CAPACITY}.
   *
   * @param heartbeat the heartbeat sent or attempted
   * @throws StoreException if the database cannot be written
   */
  void append(SentHeartbeat heartbeat);

  /**
   * Returns the newest entries, newest first.
   *
   * @param limit how many entries at most, not negative
   * @return up to {@code limit} entries
   * @throws IllegalArgumentException if {@code limit} is negative
   * @throws StoreException if the database cannot be read
   */
  List<SentHeartbeat> recent(int limit);

  /**
   * Removes every entry.
   *
   * @throws StoreException if the database cannot be written
   */
  void clear();

  /**
   * Returns a thread-safe log kept in memory, for hosts without a data directory and for tests.
   *
   * @return a new, empty log
   */
  static HeartbeatLog inMemory() {
    return new InMemoryHeartbeatLog();
  }
}
