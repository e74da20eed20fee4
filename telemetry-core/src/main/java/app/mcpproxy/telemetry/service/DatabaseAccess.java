package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.feedback.RateLimiter;
import app.mcpproxy.telemetry.model.StorageStatus;
import app.mcpproxy.telemetry.store.DurableStore;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Hands out the parts of {@code telemetry.db} through the {@link DurableStore}, which never throws:
 * an unusable file reads as absent, and the parts that must work without it (activation, the
 * feedback limit) fall back to memory.
 *
 * <p>Looking (the payload preview, the heartbeat log) opens the file only when it already exists,
 * so that a service whose telemetry is off, or that never sent, leaves no trace on disk.
 */
final class DatabaseAccess {
  private final DurableStore store;
  private final Clock clock;
  private final Object lock = new Object();

  private @Nullable ActivationStore activationStore;
  private @Nullable RateLimiter feedbackLimiter;

  DatabaseAccess(DurableStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  DurableStore store() {
    return store;
  }

  /** The database, created when missing; empty while it cannot be used. */
  Optional<TelemetryDatabase> open() {
    return store.database(true);
  }

  /** The database when its file exists and can be used; never creates it. */
  Optional<TelemetryDatabase> existing() {
    return store.database(false);
  }

  /**
   * The activation store, the same for every call: the durable one while telemetry is on at the
   * first call, else one in memory that is never written.
   */
  ActivationStore activationStore(BooleanSupplier enabled) {
    synchronized (lock) {
      if (activationStore == null) {
        if (enabled.getAsBoolean()) {
          store.syncActivation();
          activationStore = store.activationStore();
        } else {
          activationStore = ActivationStore.inMemory(clock);
        }
      }
      return activationStore;
    }
  }

  /** The activation store handed out already, else the durable one when the file exists. */
  Optional<ActivationStore> existingActivationStore() {
    synchronized (lock) {
      if (activationStore != null) {
        return Optional.of(activationStore);
      }
    }
    if (existing().isEmpty()) {
      return Optional.empty();
    }
    store.syncActivation();
    return Optional.of(store.activationStore());
  }

  /**
   * The feedback rate limiter: shared with other processes through the database, and kept in memory
   * while the database cannot be used.
   */
  RateLimiter feedbackLimiter(int perHour) {
    synchronized (lock) {
      if (feedbackLimiter == null) {
        RateLimiter memory = RateLimiter.inMemory(perHour, clock);
        feedbackLimiter =
            () -> {
              Optional<TelemetryDatabase> db = open();
              if (db.isPresent()) {
                try {
                  return db.get().feedbackRateLimiter(perHour).tryAcquire();
                } catch (StoreException e) {
                  store.failed(e);
                }
              }
              return memory.tryAcquire();
            };
      }
      return feedbackLimiter;
    }
  }

  /** Reads from a database; may throw for the file. */
  @FunctionalInterface
  interface Reading<T> {
    T from(TelemetryDatabase database) throws StoreException;
  }

  /**
   * What a read found: the state of the file as it was read, and the value when it could be read.
   *
   * @param status the state of the file
   * @param value the value read; empty when there is no file or it cannot be used
   */
  record Read<T>(StorageStatus status, Optional<T> value) {}

  /**
   * Reads from {@code telemetry.db} without creating it and without moving a damaged file aside:
   * the database this service has open, else the file when it exists, opened for this read only. A
   * file that cannot be used is reported, never repaired, so that looking changes nothing.
   */
  <T> Read<T> read(Reading<T> reading) {
    if (store.isOpen()) {
      try {
        Optional<TelemetryDatabase> open = existing();
        if (open.isPresent()) {
          T value = reading.from(open.get());
          return new Read<>(store.status(), Optional.of(value));
        }
      } catch (StoreException e) {
        store.failed(e);
      }
      return new Read<>(store.status(), Optional.empty());
    }
    if (!Files.exists(store.file(), LinkOption.NOFOLLOW_LINKS)) {
      return new Read<>(store.status(), Optional.empty());
    }
    try (TelemetryDatabase database = TelemetryDatabase.open(store.directory(), clock)) {
      return new Read<>(StorageStatus.inUse(), Optional.of(reading.from(database)));
    } catch (RuntimeException e) {
      // Whatever the file is, looking at it never throws.
      return new Read<>(StorageStatus.unusable(String.valueOf(e.getMessage())), Optional.empty());
    }
  }

  void close() {
    store.close();
  }
}
