package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.DayRollup;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

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
    DayRollup built = DayRollup.build(connection, day);
    synchronized (this) {
      // Only the open days are worth keeping; a day before is closed by now.
      entries.keySet().removeIf(cached -> cached.compareTo(day) < 0);
      entries.put(day, new Entry(built, now));
    }
    return built;
  }

  public synchronized void clear() {
    entries.clear();
  }
}
