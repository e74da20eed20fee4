package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.store.CounterOutbox;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Moves recorded counts from the registry into the outbox of {@code telemetry.db}, and picks the
 * counts each heartbeat carries with the idempotency key they go under.
 *
 * <p>Counts leave the registry only once the outbox holds them. The sender of the data directory
 * sends the outbox's claims, which are deleted only by the 2xx of the heartbeat that carried them;
 * a retry carries the same claim under the same key. While the database cannot be written, the
 * registry itself is sent as a batch under a key of its own; until it is acknowledged that batch
 * stays counted in the registry, and when the disk works again it is moved into the outbox with its
 * key, so a late answer or a retry cannot count it twice.
 */
// A batch is compared by identity: the one handed out, not an equal one made later.
@SuppressWarnings("ReferenceEquality")
final class UnsentCounters {
  /** Where the counts of a heartbeat came from, and so what its acknowledgement removes. */
  enum Source {
    /** A claim in the outbox. */
    OUTBOX,
    /** The registry, while the outbox could not be written. */
    MEMORY,
    /** Nothing: another process sends this data directory's counters, or there were none. */
    NONE
  }

  /**
   * The counts one heartbeat carries.
   *
   * @param key the idempotency key; the same on every retry of these counts
   * @param counters the counts
   * @param source where they came from
   */
  record Batch(String key, RegistrySnapshot counters, Source source) {}

  private final CounterRegistry registry;
  private final DatabaseAccess databases;
  private final Object lock = new Object();
  private @Nullable Batch memoryBatch; // guarded by lock

  UnsentCounters(CounterRegistry registry, DatabaseAccess databases) {
    this.registry = registry;
    this.databases = databases;
  }

  /**
   * Moves what the registry holds into the outbox; never throws.
   *
   * @return {@code true} when the registry holds nothing unwritten afterwards
   */
  boolean flush() {
    synchronized (lock) {
      RegistrySnapshot snapshot = registry.snapshot();
      if (memoryBatch == null && snapshot.isEmpty()) {
        return true;
      }
      Optional<TelemetryDatabase> db = databases.open();
      if (db.isEmpty()) {
        return false;
      }
      try {
        CounterOutbox outbox = db.get().counterOutbox();
        if (memoryBatch != null) {
          outbox.addClaimed(memoryBatch.key(), memoryBatch.counters().toJson());
          registry.subtract(memoryBatch.counters());
          memoryBatch = null;
          snapshot = registry.snapshot();
        }
        if (!snapshot.isEmpty()) {
          outbox.add(snapshot.toJson(), this::sum);
          registry.subtract(snapshot);
        }
        databases.store().succeeded();
        return true;
      } catch (StoreException e) {
        databases.store().failed(e);
        return false;
      }
    }
  }

  /**
   * Picks what the next heartbeat carries.
   *
   * @param flushed whether the registry was just emptied into the outbox
   * @param sender whether this process sends the data directory's outbox
   */
  Batch next(boolean flushed, boolean sender) {
    synchronized (lock) {
      if (flushed) {
        if (!sender) {
          return new Batch(newKey(), RegistrySnapshot.empty(), Source.NONE);
        }
        Optional<TelemetryDatabase> db = databases.open();
        if (db.isPresent()) {
          try {
            Optional<CounterOutbox.Claim> claim = db.get().counterOutbox().claim(newKey());
            return claim
                .map(c -> new Batch(c.key(), sum(c.batches()), Source.OUTBOX))
                .orElseGet(() -> new Batch(newKey(), RegistrySnapshot.empty(), Source.NONE));
          } catch (StoreException e) {
            databases.store().failed(e);
          }
        }
      }
      if (memoryBatch == null) {
        RegistrySnapshot held = registry.snapshot();
        if (held.isEmpty()) {
          return new Batch(newKey(), held, Source.NONE);
        }
        memoryBatch = new Batch(newKey(), held, Source.MEMORY);
      }
      return memoryBatch;
    }
  }

  /**
   * Returns the batch without some REST keys and check names, and removes them wherever the batch
   * is kept: the outbox's claim, or the registry. Counts recorded since are removed from the
   * registry too, so a restart cannot bring the entries back. Never throws; when the outbox cannot
   * be written the batch is still returned without them, and the claim keeps them until it is sent.
   */
  Batch without(Batch batch, Set<String> restKeys, Set<String> doctorChecks) {
    synchronized (lock) {
      RegistrySnapshot counts = batch.counters();
      SortedMap<String, SortedMap<String, Long>> rest = new TreeMap<>(counts.restEndpointCalls());
      rest.keySet().removeAll(restKeys);
      SortedMap<String, DoctorCounts> checks = new TreeMap<>(counts.doctorChecks());
      checks.keySet().removeAll(doctorChecks);
      RegistrySnapshot kept =
          new RegistrySnapshot(
              counts.surfaceRequests(),
              counts.builtinToolCalls(),
              counts.upstreamToolCalls(),
              rest,
              counts.errorCategoryCounts(),
              checks);
      restKeys.forEach(registry::removeRestEndpointCalls);
      doctorChecks.forEach(registry::removeDoctorCheck);
      Batch without = new Batch(batch.key(), kept, batch.source());
      if (batch.source() == Source.MEMORY && batch == memoryBatch) {
        memoryBatch = without;
      } else if (batch.source() == Source.OUTBOX) {
        Optional<TelemetryDatabase> db = databases.open();
        try {
          if (db.isPresent()) {
            db.get().counterOutbox().replaceClaimed(batch.key(), kept.toJson());
          }
        } catch (StoreException e) {
          databases.store().failed(e);
        }
      }
      return without;
    }
  }

  /**
   * Drops every count not yet acknowledged, in memory and in the outbox, as when the install is
   * forgotten.
   *
   * @throws StoreException when the outbox cannot be written
   */
  void forget() {
    synchronized (lock) {
      registry.reset();
      memoryBatch = null;
      Optional<TelemetryDatabase> db = databases.existing();
      if (db.isPresent()) {
        db.get().counterOutbox().deleteAll();
      }
    }
  }

  /** Removes what an accepted heartbeat carried; never throws. */
  void acknowledged(Batch batch) {
    synchronized (lock) {
      if (batch.source() == Source.NONE) {
        return;
      }
      if (batch.source() == Source.MEMORY && batch == memoryBatch) {
        registry.subtract(batch.counters());
        memoryBatch = null;
        return;
      }
      // A claim, or a memory batch moved into the outbox meanwhile under its key.
      Optional<TelemetryDatabase> db = databases.open();
      if (db.isEmpty()) {
        return;
      }
      try {
        db.get().counterOutbox().delete(batch.key());
      } catch (StoreException e) {
        // Kept under its key: a resend is recognised by the collector as a retry.
        databases.store().failed(e);
      }
    }
  }

  /** Everything not yet acknowledged, in the outbox and in memory, without changing anything. */
  RegistrySnapshot preview() {
    synchronized (lock) {
      List<String> documents = new ArrayList<>();
      Optional<TelemetryDatabase> db = databases.existing();
      if (db.isPresent()) {
        try {
          db.get().counterOutbox().batches().forEach(b -> documents.add(b.json()));
        } catch (StoreException e) {
          databases.store().failed(e);
        }
      }
      documents.add(registry.snapshot().toJson());
      return sum(documents);
    }
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }

  /**
   * Sums documents of counts, through the registry's vocabulary, so that counts read back from disk
   * are checked as recorded ones are; a document that cannot be read is dropped so it cannot cost
   * the others.
   */
  String sum(String a, String b) {
    return sum(List.of(a, b)).toJson();
  }

  private RegistrySnapshot sum(List<String> documents) {
    CounterRegistry total = new CounterRegistry(registry.vocabulary());
    for (String json : documents) {
      try {
        total.add(RegistrySnapshot.fromJson(json));
      } catch (IllegalArgumentException e) {
        TelemetryService.LOG.log(
            Level.WARNING, "Telemetry dropped unreadable persisted counters: {0}", e.getMessage());
      }
    }
    return total.snapshot();
  }
}
