package app.mcpproxy.telemetry.collector.statistics;

import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import app.mcpproxy.telemetry.collector.storage.DayRollups;
import app.mcpproxy.telemetry.collector.storage.MonthRollups;
import app.mcpproxy.telemetry.collector.storage.RawWindow;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes every finished UTC day into its rollup, and every finished month into its own, at start
 * and then periodically, on a thread of its own. Safe to run on every collector sharing a database
 * at once.
 */
public final class DayCloser implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DayCloser.class.getName());

  /** How often finished days are looked for. */
  static final Duration PERIOD = Duration.ofMinutes(10);

  private final CollectorDatabase database;
  private final Clock clock;
  private final int keepRawDays;
  private final ScheduledExecutorService scheduler;

  /** Held while days are closed, and by back-fills so that no day closes half-written. */
  private final Object closing = new Object();

  public DayCloser(CollectorDatabase database, Clock clock, int keepRawDays) {
    this.database = database;
    this.clock = clock;
    this.keepRawDays = keepRawDays;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "collector-day-closer");
              thread.setDaemon(true);
              return thread;
            });
  }

  // Each run catches what it throws, so the schedule never ends early; close() stops it.
  @SuppressWarnings("FutureReturnValueIgnored")
  public void start() {
    scheduler.scheduleWithFixedDelay(
        this::closeFinishedDays, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Closes every finished day that has rows and no rollup yet.
   *
   * @return the days closed, or an empty list when the database failed (tried again later)
   */
  public List<String> closeFinishedDays() {
    synchronized (closing) {
      return closeNow();
    }
  }

  /**
   * Runs a write during which no day is closed, such as heartbeats back-filled into past days.
   *
   * @param write the write
   * @param <T> its result
   * @return what the write returned
   * @throws SQLException when the write fails
   * @throws InterruptedException when the write is interrupted
   */
  public <T> T withoutClosing(Write<T> write) throws SQLException, InterruptedException {
    synchronized (closing) {
      return write.run();
    }
  }

  /**
   * A write run by {@link #withoutClosing(Write)}.
   *
   * @param <T> its result
   */
  @FunctionalInterface
  public interface Write<T> {
    /**
     * Runs the write.
     *
     * @return its result
     * @throws SQLException when it fails
     * @throws InterruptedException when interrupted
     */
    T run() throws SQLException, InterruptedException;
  }

  private List<String> closeNow() {
    try (Connection connection = database.connection()) {
      LocalDate firstOpenDay = DayRollups.firstOpenDay(clock.instant());
      List<String> closed = DayRollups.closeAll(connection, firstOpenDay);
      if (!closed.isEmpty()) {
        LOG.log(Level.INFO, "closed " + closed.size() + " day(s) into rollups");
      }
      int months = MonthRollups.closeAll(connection, firstOpenDay).size();
      if (months > 0) {
        LOG.log(Level.INFO, "closed " + months + " month(s) into rollups");
      }
      dropRawJson(connection);
      return closed;
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "closing days failed, will retry: " + e.getClass().getSimpleName());
      return List.of();
    }
  }

  /**
   * Drops the raw JSON (the payload, the day's counter objects and the idempotency keys) of every
   * day older than the raw window, and on PostgreSQL creates the next days' partitions; the narrow
   * columns the statistics read stay. Such a day is long closed: no heartbeat is ever merged into
   * it again.
   */
  int dropRawJson(Connection connection) throws SQLException {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    RawWindow.createAhead(connection, today);
    return RawWindow.dropBefore(connection, today.minusDays(keepRawDays - 1L));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
