package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.feedback.RateLimiter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;

/**
 * A rolling-hour rate limiter whose slots live in table {@code feedback_submissions}, so the limit
 * holds across processes sharing the database.
 *
 * <p>Counting and taking a slot happen in one {@code BEGIN IMMEDIATE} transaction: two processes
 * can never both take the last slot. A slot taken at {@code t} counts while {@code now - t} is less
 * than an hour. Slots stamped after {@code now} were stamped by a clock that ran ahead and has
 * since been set right; they are dropped, so a clock jump never refuses feedback for longer than an
 * hour of real submissions.
 */
final class SqliteRateLimiter implements RateLimiter {
  private static final long WINDOW_MILLIS = Duration.ofHours(1).toMillis();

  private final SqliteConnection db;
  private final Clock clock;
  private final int maxPerHour;

  SqliteRateLimiter(SqliteConnection db, Clock clock, int maxPerHour) {
    if (maxPerHour < 1) {
      throw new IllegalArgumentException("maxPerHour must be at least 1, got " + maxPerHour);
    }
    this.db = db;
    this.clock = clock;
    this.maxPerHour = maxPerHour;
  }

  /**
   * {@inheritDoc}
   *
   * @throws StoreException if the database cannot be read or written
   */
  @Override
  public boolean tryAcquire() {
    return db.write(
        "take a feedback rate-limit slot",
        connection -> {
          long now = clock.millis();
          long windowStart = now - WINDOW_MILLIS;
          try (PreparedStatement prune =
              connection.prepareStatement(
                  "DELETE FROM feedback_submissions"
                      + " WHERE submitted_at_millis <= ? OR submitted_at_millis > ?")) {
            prune.setLong(1, windowStart);
            prune.setLong(2, now);
            prune.executeUpdate();
          }
          long taken;
          try (PreparedStatement count =
              connection.prepareStatement("SELECT COUNT(*) FROM feedback_submissions")) {
            try (ResultSet row = count.executeQuery()) {
              row.next();
              taken = row.getLong(1);
            }
          }
          if (taken >= maxPerHour) {
            return false;
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO feedback_submissions (submitted_at_millis) VALUES (?)")) {
            insert.setLong(1, now);
            insert.executeUpdate();
          }
          return true;
        });
  }
}
