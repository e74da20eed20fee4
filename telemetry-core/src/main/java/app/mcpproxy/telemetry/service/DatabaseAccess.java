package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.feedback.RateLimiter;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Opens {@code telemetry.db} when something first needs it and hands out its parts.
 *
 * <p>Looking (the payload preview, the heartbeat log) opens the file only when it already exists,
 * so that a service whose telemetry is off, or that never sent, leaves no trace on disk.
 */
final class DatabaseAccess {
  private final Path dataDir;
  private final Clock clock;
  private final BooleanSupplier closed;
  private final Object lock = new Object();

  private TelemetryDatabase database;
  private ActivationStore activationStore;
  private RateLimiter feedbackLimiter;

  DatabaseAccess(Path dataDir, Clock clock, BooleanSupplier closed) {
    this.dataDir = dataDir;
    this.clock = clock;
    this.closed = closed;
  }

  /** Opens the database, creating it when missing; refused once the service is closed. */
  TelemetryDatabase open() {
    synchronized (lock) {
      if (database == null) {
        if (closed.getAsBoolean()) {
          throw new IllegalStateException("the telemetry service is closed");
        }
        database = TelemetryDatabase.open(dataDir, clock);
      }
      return database;
    }
  }

  /** Opens the database even though the service is closing, to persist what it still holds. */
  TelemetryDatabase openWhileClosing() {
    synchronized (lock) {
      if (database == null) {
        database = TelemetryDatabase.open(dataDir, clock);
      }
      return database;
    }
  }

  /** The database when it is open or its file exists; never creates it. */
  Optional<TelemetryDatabase> existing() {
    synchronized (lock) {
      if (database != null) {
        return Optional.of(database);
      }
      if (closed.getAsBoolean()
          || !Files.isRegularFile(dataDir.resolve(TelemetryDatabase.FILE_NAME))) {
        return Optional.empty();
      }
      return Optional.of(open());
    }
  }

  /**
   * The activation store, the same for every call: the database's while telemetry is on at the
   * first call, else one in memory that is never written.
   */
  ActivationStore activationStore(BooleanSupplier enabled) {
    synchronized (lock) {
      if (activationStore == null) {
        activationStore =
            enabled.getAsBoolean() ? open().activationStore() : ActivationStore.inMemory(clock);
      }
      return activationStore;
    }
  }

  /** The activation store handed out already, else that of an existing database. */
  Optional<ActivationStore> existingActivationStore() {
    synchronized (lock) {
      if (activationStore != null) {
        return Optional.of(activationStore);
      }
    }
    return existing().map(TelemetryDatabase::activationStore);
  }

  /** The feedback rate limiter, shared with other processes through the database. */
  RateLimiter feedbackLimiter(int perHour) {
    synchronized (lock) {
      if (feedbackLimiter == null) {
        feedbackLimiter = open().feedbackRateLimiter(perHour);
      }
      return feedbackLimiter;
    }
  }

  void close() {
    synchronized (lock) {
      if (database != null) {
        database.close();
      }
    }
  }
}
