package app.mcpproxy.telemetry.store;

import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * Counters recorded but not yet accepted by the collector, kept on disk as batches until the
 * heartbeat that carried them is acknowledged.
 *
 * <p>A batch is either unclaimed, and then merged with newer counts, or claimed by a heartbeat
 * under that heartbeat's idempotency key. A claimed batch keeps its content and key until {@link
 * #delete(String)}, so a retry after a lost answer carries the same counts under the same key.
 * Reading never removes anything.
 *
 * <pre>{@code
 * outbox.add(snapshot.toJson(), Counts::sum);           // every second, off the caller's thread
 * Optional<Claim> claim = outbox.claim(UUID.randomUUID().toString());
 * // send claim.get().batches() with header Idempotency-Key: claim.get().key()
 * outbox.delete(claim.get().key());                     // only after a 2xx answer
 * }</pre>
 */
public interface CounterOutbox {

  /**
   * What a heartbeat carries: the batches claimed under one key.
   *
   * @param key the idempotency key of the heartbeat
   * @param batches the counters of each batch, as JSON
   */
  record Claim(String key, List<String> batches) {
    /** Copies the list. */
    public Claim {
      batches = List.copyOf(batches);
    }
  }

  /**
   * Adds counts to the unclaimed batch, in one transaction, merging with what it holds.
   *
   * @param json the counts as JSON
   * @param merge sums two JSON documents of counts
   * @throws StoreException if the database cannot be written
   */
  void add(String json, BinaryOperator<String> merge);

  /**
   * Stores counts already sent under a key, as a batch claimed by that key.
   *
   * @param key the idempotency key they were sent under
   * @param json the counts as JSON
   * @throws StoreException if the database cannot be written
   */
  void addClaimed(String key, String json);

  /**
   * Returns the oldest claim not yet acknowledged; without one, claims every unclaimed batch under
   * {@code newKey}.
   *
   * @param newKey the key for a new claim
   * @return the claim, or empty when the outbox holds nothing
   * @throws StoreException if the database cannot be read or written
   */
  Optional<Claim> claim(String newKey);

  /**
   * Replaces the batches claimed under a key with one batch, in one transaction; used to drop an
   * entry the anonymity scanner refused before the claim is sent.
   *
   * @param key the claim's key
   * @param json the counts the claim holds from now on
   * @throws StoreException if the database cannot be written
   */
  void replaceClaimed(String key, String json);

  /**
   * Deletes every batch, claimed or not, as when the install is forgotten.
   *
   * @throws StoreException if the database cannot be written
   */
  void deleteAll();

  /**
   * Deletes the batches claimed under a key; called only once the collector accepted them.
   *
   * @param key the claim's key
   * @throws StoreException if the database cannot be written
   */
  void delete(String key);

  /**
   * Returns every batch with its key, oldest first; for moving them to another database.
   *
   * @return each batch as its key (empty when unclaimed) and JSON
   * @throws StoreException if the database cannot be read
   */
  List<Batch> batches();

  /**
   * One stored batch.
   *
   * @param key the claim's key, or empty while unclaimed
   * @param json the counts as JSON
   */
  record Batch(Optional<String> key, String json) {}
}
