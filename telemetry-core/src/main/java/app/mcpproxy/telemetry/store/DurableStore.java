package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.model.StorageStatus;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteException;

/**
 * {@code telemetry.db} as optional durability: whatever the file is, nothing here throws, and what
 * cannot be written stays in memory and is retried.
 *
 * <p>The database is opened when first needed and again, at most once a second, after it failed to
 * open. A file SQLite reports as not a database or malformed is moved aside to {@code
 * telemetry.db.corrupt-<millis>} for a person to inspect, never overwritten, and a new one is
 * created. A file deleted or replaced while open is noticed by {@link #maintain()}: the unsent
 * counters of the old one are carried into a new file. The activation store keeps its state in
 * memory and merges it into whichever database is open. {@link #status()} says what is wrong.
 *
 * <p>One process per data directory sends the outbox: the one holding the OS lock on {@code
 * telemetry.db.sender}; the others hand their counters over through the outbox.
 */
public final class DurableStore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DurableStore.class.getName());

  /** The shortest wait before opening again a database that failed to open. */
  static final Duration REOPEN_DELAY = Duration.ofSeconds(1);

  /** The name of the file whose lock makes a process the sender of its data directory. */
  public static final String SENDER_LOCK_NAME = TelemetryDatabase.FILE_NAME + ".sender";

  private final Path dataDir;
  private final Path file;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private final SqliteActivationStore activation;

  // Guarded by lock.
  private @Nullable TelemetryDatabase database;
  private @Nullable Object openedFileKey;
  private long generation;
  private long lastFailedOpenNanos;
  private boolean openFailedBefore;
  // Read without the lock: recording threads check it, and must never wait for the disk.
  private volatile boolean closed;
  private boolean activationNeedsRewrite;
  private @Nullable StoreException lastOpenFailure;
  private @Nullable FileChannel senderChannel;
  private @Nullable FileLock senderLock;
  private @Nullable Object senderLockKey;
  private volatile StorageStatus status = StorageStatus.absent();

  private DurableStore(
      Path dataDir, Clock clock, ScheduledExecutorService executor, LongSupplier nanoTime) {
    this.dataDir = dataDir;
    this.file = dataDir.resolve(TelemetryDatabase.FILE_NAME);
    this.clock = clock;
    this.executor = executor;
    this.nanoTime = nanoTime;
    this.activation =
        SqliteActivationStore.detached(
            new SqliteActivationStore.Connections() {
              @Override
              public SqliteActivationStore.Handle current() {
                return handle();
              }

              @Override
              public boolean isOpen() {
                return !closed;
              }
            },
            clock,
            executor,
            TelemetryDatabase.FLUSH_DELAY);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      status = StorageStatus.inUse();
    }
  }

  /**
   * Creates the store over a data directory; nothing is opened or created yet.
   *
   * @param dataDir the host's data directory
   * @param clock the clock for windows, log entries and rate limits
   * @param executor runs the writes of activation counters; stays the caller's
   * @return the store
   */
  public static DurableStore create(Path dataDir, Clock clock, ScheduledExecutorService executor) {
    return new DurableStore(
        Objects.requireNonNull(dataDir, "dataDir"),
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(executor, "executor"),
        System::nanoTime);
  }

  /**
   * Returns the database file.
   *
   * @return the path of {@value TelemetryDatabase#FILE_NAME}
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the data directory that holds the database file.
   *
   * @return the directory
   */
  public Path directory() {
    return dataDir;
  }

  /**
   * Returns the open database, opening it when needed; never throws.
   *
   * @param create whether to create the file when it does not exist
   * @return the database, or empty when it cannot be used now (see {@link #status()}) or does not
   *     exist and {@code create} is {@code false}
   */
  public Optional<TelemetryDatabase> database(boolean create) {
    synchronized (lock) {
      return Optional.ofNullable(openLocked(create));
    }
  }

  /**
   * Tells whether this store has the database open now; opens nothing.
   *
   * @return {@code true} while a database is open
   */
  public boolean isOpen() {
    synchronized (lock) {
      return database != null;
    }
  }

  /**
   * Returns the activation store: memory first, merged into the database within a second, retried
   * until the disk works; its methods never throw for the disk.
   *
   * @return the store, the same on every call
   */
  public ActivationStore activationStore() {
    return activation;
  }

  /**
   * Writes activation changes now and reads back what every process sharing the file wrote; never
   * throws.
   */
  public void syncActivation() {
    try {
      activation.refresh();
    } catch (StoreException e) {
      failed(e);
    }
  }

  /**
   * Records a failed operation for {@link #status()}; callers keep what they could not write.
   *
   * @param e the failure
   */
  public void failed(StoreException e) {
    StorageStatus before = status;
    status = StorageStatus.unusable(String.valueOf(e.getMessage()));
    if (before.healthy()) {
      LOG.log(
          Level.WARNING,
          "Telemetry database unusable, keeping state in memory: {0}",
          e.getMessage());
    }
  }

  /** Records that a write succeeded. */
  public void succeeded() {
    if (!status.healthy()) {
      LOG.log(Level.INFO, "Telemetry database usable again: {0}", file);
    }
    status = StorageStatus.inUse();
  }

  /**
   * Returns what the database is doing now.
   *
   * @return the status
   */
  public StorageStatus status() {
    return status;
  }

  /**
   * Checks the file is still the one open, moving the unsent counters into a new file when it was
   * deleted or replaced, and writes activation changes; run about once a second. Never throws.
   */
  public void maintain() {
    boolean rewrite;
    synchronized (lock) {
      if (closed || database == null) {
        return;
      }
      Object key = fileKey(file);
      if (key == null || !key.equals(openedFileKey)) {
        reopenAfterReplacement(database);
      }
      rewrite = activationNeedsRewrite;
      activationNeedsRewrite = false;
    }
    if (rewrite || activation.hasUnwrittenChanges()) {
      syncActivation();
    }
  }

  /**
   * Makes this process the sender of its data directory if no other live process is; the lock is
   * the OS's, so it ends with the process however it ends.
   *
   * @return {@code true} when this process holds the sender lock
   */
  public boolean holdSenderLock() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      Path lockFile = dataDir.resolve(SENDER_LOCK_NAME);
      if (senderLock != null
          && senderLock.isValid()
          && Objects.equals(fileKey(lockFile), senderLockKey)) {
        return true;
      }
      releaseSenderLock();
      FileChannel channel = null;
      try {
        Files.createDirectories(dataDir);
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken = channel.tryLock();
        if (taken == null) {
          channel.close();
          return false;
        }
        senderChannel = channel;
        senderLock = taken;
        senderLockKey = fileKey(lockFile);
        return true;
      } catch (OverlappingFileLockException e) {
        // Another service in this JVM holds it.
        closeQuietly(channel);
        return false;
      } catch (IOException e) {
        closeQuietly(channel);
        failed(new StoreException(lockFile, "lock the sender file", e.toString(), e));
        return false;
      }
    }
  }

  /**
   * Writes the activation state, closes the database and releases the sender lock; never throws.
   */
  @Override
  public void close() {
    if (activation.hasUnwrittenChanges()) {
      syncActivation();
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeDatabase();
      releaseSenderLock();
    }
  }

  private SqliteActivationStore.Handle handle() {
    synchronized (lock) {
      TelemetryDatabase open = openLocked(true);
      if (open == null) {
        throw lastOpenFailure != null
            ? lastOpenFailure
            : new StoreException(file, "open", "the database is closed", null);
      }
      return new SqliteActivationStore.Handle(open.connection(), generation);
    }
  }

  private @Nullable TelemetryDatabase openLocked(boolean create) {
    if (closed) {
      return null;
    }
    if (database != null) {
      return database;
    }
    if (!create && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    long now = nanoTime.getAsLong();
    if (openFailedBefore && now - lastFailedOpenNanos < REOPEN_DELAY.toNanos()) {
      return null;
    }
    try {
      database = openFile();
    } catch (StoreException e) {
      if (isCorrupt(e) && moveAside()) {
        try {
          database = openFile();
        } catch (StoreException again) {
          e = again;
        }
      }
      if (database == null) {
        openFailedBefore = true;
        lastFailedOpenNanos = now;
        lastOpenFailure = e;
        failed(e);
        return null;
      }
    }
    openFailedBefore = false;
    succeeded();
    return database;
  }

  private TelemetryDatabase openFile() {
    TelemetryDatabase opened =
        TelemetryDatabase.open(dataDir, clock, executor, TelemetryDatabase.FLUSH_DELAY, false);
    openedFileKey = fileKey(file);
    generation++;
    activationNeedsRewrite = true;
    return opened;
  }

  private boolean moveAside() {
    Path aside = file.resolveSibling(TelemetryDatabase.FILE_NAME + ".corrupt-" + clock.millis());
    try {
      Files.move(file, aside);
      for (String suffix : List.of("-wal", "-shm")) {
        Path sibling = file.resolveSibling(TelemetryDatabase.FILE_NAME + suffix);
        if (Files.exists(sibling)) {
          Files.move(sibling, aside.resolveSibling(aside.getFileName() + suffix));
        }
      }
      LOG.log(Level.WARNING, "Telemetry moved a corrupt database aside to {0}", aside);
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Telemetry cannot move a corrupt database aside: {0}", e.toString());
      return false;
    }
  }

  private void reopenAfterReplacement(TelemetryDatabase replaced) {
    List<CounterOutbox.Batch> carried = List.of();
    try {
      carried = replaced.counterOutbox().batches();
    } catch (StoreException e) {
      LOG.log(
          Level.WARNING,
          "Telemetry cannot read the outbox of a deleted database: {0}",
          e.getMessage());
    }
    LOG.log(
        Level.WARNING, "Telemetry database {0} was deleted or replaced; opening it again", file);
    closeDatabase();
    TelemetryDatabase reopened = openLocked(true);
    if (reopened == null) {
      return;
    }
    try {
      reopened.sqliteOutbox().restore(carried);
    } catch (StoreException e) {
      failed(e);
    }
  }

  private void closeDatabase() {
    if (database == null) {
      return;
    }
    try {
      database.close();
    } catch (StoreException e) {
      LOG.log(Level.DEBUG, "closing the telemetry database: {0}", e.getMessage());
    }
    database = null;
  }

  private void releaseSenderLock() {
    try {
      if (senderLock != null && senderLock.isValid()) {
        senderLock.release();
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "releasing the sender lock: {0}", e.toString());
    }
    closeQuietly(senderChannel);
    senderLock = null;
    senderChannel = null;
    senderLockKey = null;
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing {0}: {1}", channel, e.toString());
    }
  }

  private static @Nullable Object fileKey(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isCorrupt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException) {
        int primary = ((SQLiteException) t).getResultCode().code & 0xff;
        // SQLITE_CORRUPT and SQLITE_NOTADB.
        return primary == 11 || primary == 26;
      }
    }
    return false;
  }
}
