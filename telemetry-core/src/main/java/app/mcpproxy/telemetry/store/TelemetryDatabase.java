package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.feedback.RateLimiter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The telemetry state of one install, in the SQLite file {@value #FILE_NAME} of the host's data
 * directory: activation funnel, heartbeat log, the outbox of unsent counters and feedback
 * rate-limit slots.
 *
 * <p>The file is crash-safe: write-ahead logging with fully synchronous commits, so whatever a
 * method wrote before returning survives the process being killed. Several processes may open the
 * same file; writes are serialised by SQLite's write lock. A file that is not a SQLite database is
 * reported and never overwritten.
 *
 * <pre>{@code
 * try (TelemetryDatabase db = TelemetryDatabase.open(dataDir, Clock.systemUTC())) {
 *   db.activationStore().incrementRetrieveToolsCall();
 *   db.heartbeatLog().recent(10);
 * }
 * }</pre>
 */
public final class TelemetryDatabase implements AutoCloseable {
  /** The database file's name inside the data directory. */
  public static final String FILE_NAME = "telemetry.db";

  /** How long activation counters may stay in memory before they are written. */
  static final Duration FLUSH_DELAY = Duration.ofMillis(500);

  private final SqliteConnection db;
  private final Clock clock;
  private final SqliteActivationStore activationStore;
  private final SqliteHeartbeatLog heartbeatLog;
  private final SqliteCounterOutbox counterOutbox;
  private final SqliteLocalCounts localCounts;
  private final @Nullable ScheduledExecutorService ownedExecutor;

  private TelemetryDatabase(
      SqliteConnection db,
      Clock clock,
      SqliteActivationStore activationStore,
      @Nullable ScheduledExecutorService ownedExecutor) {
    this.db = db;
    this.clock = clock;
    this.activationStore = activationStore;
    this.heartbeatLog = new SqliteHeartbeatLog(db);
    this.counterOutbox = new SqliteCounterOutbox(db, clock);
    this.localCounts = new SqliteLocalCounts(db);
    this.ownedExecutor = ownedExecutor;
  }

  /**
   * Opens {@value #FILE_NAME} in a data directory, creating the directory, the file and its tables
   * as needed; activation counters are written by a daemon thread of its own.
   *
   * @param dataDir the host's data directory
   * @param clock the clock for windows, log entries and rate limits
   * @return the open database
   * @throws StoreException if the file cannot be created or opened, is not a SQLite database, or
   *     was written by a newer version of this library
   */
  public static TelemetryDatabase open(Path dataDir, Clock clock) {
    ScheduledExecutorService flusher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "telemetry-db-flusher");
              thread.setDaemon(true);
              return thread;
            });
    try {
      return open(dataDir, clock, flusher, FLUSH_DELAY, true);
    } catch (RuntimeException e) {
      flusher.shutdownNow();
      throw e;
    }
  }

  /**
   * Opens {@value #FILE_NAME} in a data directory, writing activation counters on the given
   * executor; the executor stays the caller's and is not shut down on close.
   *
   * @param dataDir the host's data directory
   * @param clock the clock for windows, log entries and rate limits
   * @param flushExecutor runs the task that writes activation counters
   * @return the open database
   * @throws StoreException if the file cannot be created or opened, is not a SQLite database, or
   *     was written by a newer version of this library
   */
  public static TelemetryDatabase open(
      Path dataDir, Clock clock, ScheduledExecutorService flushExecutor) {
    return open(dataDir, clock, flushExecutor, FLUSH_DELAY, false);
  }

  static TelemetryDatabase open(
      Path dataDir,
      Clock clock,
      ScheduledExecutorService flushExecutor,
      Duration flushDelay,
      boolean ownsExecutor) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(flushExecutor, "flushExecutor");
    SqliteConnection db = SqliteConnection.open(dataDir.resolve(FILE_NAME));
    try {
      Schema.migrate(db);
      SqliteActivationStore activation =
          SqliteActivationStore.open(db, clock, flushExecutor, flushDelay);
      return new TelemetryDatabase(db, clock, activation, ownsExecutor ? flushExecutor : null);
    } catch (RuntimeException e) {
      try {
        db.close();
      } catch (StoreException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /**
   * Returns the database file.
   *
   * @return the path of {@value #FILE_NAME}
   */
  public Path file() {
    return db.file();
  }

  /**
   * Returns the activation store kept in this database; counters reach the disk within a second,
   * flags before their method returns.
   *
   * @return the activation store, the same instance on every call
   */
  public ActivationStore activationStore() {
    return activationStore;
  }

  /**
   * Returns the log of heartbeats sent, keeping the newest {@value HeartbeatLog#CAPACITY}.
   *
   * @return the heartbeat log
   */
  public HeartbeatLog heartbeatLog() {
    return heartbeatLog;
  }

  /**
   * Returns the counters kept until the heartbeat that carried them is accepted.
   *
   * @return the outbox
   */
  public CounterOutbox counterOutbox() {
    return counterOutbox;
  }

  SqliteCounterOutbox sqliteOutbox() {
    return counterOutbox;
  }

  SqliteConnection connection() {
    return db;
  }

  /**
   * Returns the counts of what telemetry kept back on this machine, which are never sent.
   *
   * @return the counts
   */
  public SqliteLocalCounts localCounts() {
    return localCounts;
  }

  /**
   * Returns a feedback rate limiter whose slots live in this database, so the limit holds for every
   * process sharing the file.
   *
   * @param maxPerHour how many submissions any rolling hour may hold, at least 1
   * @return the rate limiter; its {@code tryAcquire} throws {@link StoreException} when the
   *     database fails
   * @throws IllegalArgumentException if {@code maxPerHour} is less than 1
   */
  public RateLimiter feedbackRateLimiter(int maxPerHour) {
    return new SqliteRateLimiter(db, clock, maxPerHour);
  }

  /**
   * Writes pending activation counters and closes the database; later calls that need the disk
   * fail, counters changed later stay in memory only, and a second close does nothing.
   *
   * @throws StoreException if the counters cannot be written or the file cannot be closed
   */
  @Override
  public void close() {
    if (!db.isOpen()) {
      return;
    }
    try {
      try {
        activationStore.flush();
      } finally {
        db.close();
      }
    } finally {
      if (ownedExecutor != null) {
        ownedExecutor.shutdownNow();
      }
    }
  }

  @Override
  public String toString() {
    return "TelemetryDatabase[" + db.file() + "]";
  }
}
