package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rollups of the open days (today, and yesterday for a few minutes after midnight), folded from
 * their rows at most once per {@code maxAge}: statistics then include heartbeats of the open day at
 * most that old. An erasure on this collector clears the cache at once.
 */
public final class OpenDayCache {
  /** How old the open day's figures may be by default. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, Entry> entries = new HashMap<>();
  private final ReentrantLock folding = new ReentrantLock();
  private final AtomicInteger folds = new AtomicInteger();

  private record Entry(DayRollup rollup, Instant builtAt) {}

  public OpenDayCache(Clock clock, Duration maxAge) {
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /**
   * Returns an open day's rollup, folding it from its rows when the cached one is too old.
   *
   * @param connection a connection in auto-commit mode
   * @param day the day
   * @return the rollup
   * @throws SQLException when the database fails
   */
  DayRollup get(Connection connection, String day) throws SQLException {
    Instant now = clock.instant();
    synchronized (this) {
      Entry entry = entries.get(day);
      if (entry != null
          && !now.isBefore(entry.builtAt())
          && Duration.between(entry.builtAt(), now).compareTo(maxAge) < 0) {
        return entry.rollup();
      }
    }
    // One fold at a time: the dashboard's requests arrive together, and each would fold the same
    // rows; those that waited take the fold that finished meanwhile.
    folding.lock();
    try {
      synchronized (this) {
        Entry entry = entries.get(day);
        if (entry != null && !entry.builtAt().isBefore(now)) {
          return entry.rollup();
        }
      }
      DayRollup built = DayRollup.build(connection, day);
      folds.incrementAndGet();
      synchronized (this) {
        // Only the open days are worth keeping; a day before is closed by now.
        entries.keySet().removeIf(cached -> cached.compareTo(day) < 0);
        entries.put(day, new Entry(built, now));
      }
      return built;
    } finally {
      folding.unlock();
    }
  }

  /** How many times an open day was folded from its rows. */
  int folds() {
    return folds.get();
  }

  public synchronized void clear() {
    entries.clear();
  }
}
