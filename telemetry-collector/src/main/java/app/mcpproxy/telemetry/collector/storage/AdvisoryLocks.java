package app.mcpproxy.telemetry.collector.storage;

/**
 * The PostgreSQL advisory locks collectors sharing a database take. A lock is two integer keys: the
 * first mixes a constant of the collector's with a hash of the current schema, so that collectors
 * writing to different schemas of one database never wait on each other (advisory locks belong to
 * the database, not to a schema) and no other application's locks are met; the second names what is
 * locked.
 */
final class AdvisoryLocks {
  /** The collector's constant in the first key. */
  static final int NAMESPACE = 0x6d637078;

  /** The SQL expression of the first key, evaluated in the locking connection's schema. */
  static final String SPACE = "(" + NAMESPACE + " # hashtext(coalesce(current_schema(), '')))";

  /** How many locks the installs are spread over; their second keys are 0 to BUCKETS - 1. */
  static final int BUCKETS = 128;

  /** The second key that serialises closing a day with erasing an install. */
  static final int ROLLUPS = -1;

  /** The second key that serialises changes to the raw window's partitions. */
  static final int PARTITIONS = -2;

  private AdvisoryLocks() {}

  /**
   * The SQL call that takes one lock until the transaction ends.
   *
   * @param secondKey the SQL expression of the second key
   * @return the call
   */
  static String lock(String secondKey) {
    return "pg_advisory_xact_lock(" + SPACE + ", " + secondKey + ")";
  }

  /**
   * An install's bucket, from a 64-bit FNV-1a hash of its id; installs in one bucket wait for each
   * other.
   *
   * @param anonymousId the install's id
   * @return a second key from 0 to {@link #BUCKETS} - 1
   */
  static int bucket(String anonymousId) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < anonymousId.length(); i++) {
      hash ^= anonymousId.charAt(i);
      hash *= 0x100000001b3L;
    }
    return (int) Math.floorMod(hash, (long) BUCKETS);
  }
}
