package app.mcpproxy.telemetry.collector.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Merges received heartbeats into their install's row of the day, inside the writer's transaction:
 * the counters add up, every other field takes the latest heartbeat's value, and a heartbeat whose
 * idempotency key the install already used that day or the day before is not applied again. On
 * PostgreSQL each install is locked for the transaction first, so collectors sharing one database
 * never merge the same row at once.
 */
public final class InstallDayWriter {
  /** Keys remembered per install and day; a client sends a handful of heartbeats a day. */
  static final int MAX_KEYS_PER_DAY = 64;

  private static final int CHUNK = 500;

  private final ObjectMapper mapper;
  private final DatabaseVendor vendor;

  /**
   * What the database holds for the latest two days' install-days, by day then install, as this
   * process wrote or read it: only for SQLite, whose file one collector writes alone, so that a
   * merge need not read the row back. PostgreSQL may be shared and is always read.
   */
  private final Map<String, Map<String, Stored>> known = new HashMap<>();

  /** What the open transaction read or wrote; becomes known on commit, dropped on rollback. */
  private final Map<String, Stored> staged = new HashMap<>();

  private final Set<String> stagedErasures = new HashSet<>();

  private final Dictionary dictionary = new Dictionary();

  /** The first day whose raw JSON is written; a bulk load of days past the raw window skips it. */
  private long firstRawDay = Long.MIN_VALUE;

  public InstallDayWriter(ObjectMapper mapper, DatabaseVendor vendor) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.vendor = Objects.requireNonNull(vendor, "vendor");
  }

  /**
   * Writes no raw JSON for days before the given one (for bulk loads of old days, which the raw
   * window would drop at once).
   *
   * @param day the first day whose raw JSON is kept
   */
  public void keepRawFrom(LocalDate day) {
    this.firstRawDay = day.toEpochDay();
  }

  private boolean remembers() {
    return vendor == DatabaseVendor.SQLITE;
  }

  /** The transaction that wrote the last batches committed: what they wrote is now known. */
  public void committed() {
    if (remembers()) {
      for (String id : stagedErasures) {
        known.values().forEach(installs -> installs.remove(id));
      }
      for (Map.Entry<String, Stored> entry : staged.entrySet()) {
        int slash = entry.getKey().indexOf('/');
        known
            .computeIfAbsent(entry.getKey().substring(0, slash), d -> new HashMap<>())
            .put(entry.getKey().substring(slash + 1), entry.getValue());
      }
      // Only today and yesterday are ever merged into or checked for keys.
      if (known.size() > 2) {
        List<String> days = new ArrayList<>(new TreeSet<>(known.keySet()));
        days.subList(days.size() - 2, days.size()).clear();
        days.forEach(known::remove);
      }
    }
    staged.clear();
    stagedErasures.clear();
    dictionary.committed();
  }

  /** The transaction rolled back: nothing it read or wrote is kept. */
  void rolledBack() {
    staged.clear();
    stagedErasures.clear();
    dictionary.rolledBack();
  }

  private @Nullable Stored lookUp(String day, String anonymousId) {
    Stored stored = staged.get(key(day, anonymousId));
    if (stored != null || stagedErasures.contains(anonymousId)) {
      return stored;
    }
    Map<String, Stored> installs = known.get(day);
    return installs == null ? null : installs.get(anonymousId);
  }

  /**
   * Applies heartbeats in arrival order.
   *
   * @param connection a connection inside a transaction
   * @param heartbeats the heartbeats, oldest first
   * @throws SQLException when the database fails
   */
  public void write(Connection connection, List<ReceivedHeartbeat> heartbeats) throws SQLException {
    if (heartbeats.isEmpty()) {
      return;
    }
    Set<String> installs = new TreeSet<>();
    Set<String> days = new TreeSet<>();
    for (ReceivedHeartbeat heartbeat : heartbeats) {
      installs.add(heartbeat.anonymousId());
      days.add(heartbeat.day());
      days.add(previousDay(heartbeat.day()));
    }
    lock(connection, installs);
    Set<String> unknown = new TreeSet<>();
    for (String id : installs) {
      for (String day : days) {
        if (!remembers() || lookUp(day, id) == null) {
          unknown.add(id);
        }
      }
    }
    if (!unknown.isEmpty()) {
      Map<String, Integer> ids = installIds(connection, unknown);
      Map<String, Stored> read = read(connection, ids, days);
      for (String id : unknown) {
        for (String day : days) {
          Stored stored = read.get(key(day, id));
          staged.put(key(day, id), stored == null ? Stored.absent(idOf(ids, id)) : stored);
        }
      }
    }
    Map<String, InstallDay> merged = new LinkedHashMap<>();
    for (ReceivedHeartbeat heartbeat : heartbeats) {
      String key = key(heartbeat.day(), heartbeat.anonymousId());
      merged
          .computeIfAbsent(
              key,
              k ->
                  new InstallDay(
                      staged(heartbeat.day(), heartbeat.anonymousId()),
                      staged(previousDay(heartbeat.day()), heartbeat.anonymousId())))
          .apply(heartbeat);
    }
    Map<InstallDay, HeartbeatRow> changed = new LinkedHashMap<>();
    Set<String> texts = new HashSet<>();
    for (InstallDay day : merged.values()) {
      if (day.changed()) {
        HeartbeatRow row = day.row();
        changed.put(day, row);
        texts.addAll(InstallDayTable.texts(row.values()));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    dictionary.ensure(connection, texts);
    try (PreparedStatement upsert = connection.prepareStatement(InstallDayTable.UPSERT);
        PreparedStatement raw = connection.prepareStatement(InstallDayTable.UPSERT_RAW)) {
      boolean anyRaw = false;
      for (Map.Entry<InstallDay, HeartbeatRow> entry : changed.entrySet()) {
        InstallDay day = entry.getKey();
        HeartbeatRow row = entry.getValue();
        long epochDay = LocalDate.parse(row.day()).toEpochDay();
        InstallDayTable.bind(upsert, epochDay, day.install, row.values(), dictionary);
        upsert.addBatch();
        if (epochDay >= firstRawDay) {
          raw.setLong(1, epochDay);
          raw.setInt(2, day.install);
          raw.setString(3, row.payload());
          raw.setString(4, row.counters());
          raw.setString(5, row.idempotencyKeys());
          raw.addBatch();
          anyRaw = true;
        }
        staged.put(
            key(row.day(), row.anonymousId()),
            new Stored(day.install, true, row.counters(), keys(row.idempotencyKeys())));
      }
      upsert.executeBatch();
      if (anyRaw) {
        raw.executeBatch();
      }
    }
  }

  /**
   * Deletes every row of an install, holding the same lock as a merge.
   *
   * @param connection a connection inside a transaction
   * @param anonymousId the install's id
   * @throws SQLException when the database fails
   */
  public void erase(Connection connection, String anonymousId) throws SQLException {
    lock(connection, List.of(anonymousId));
    staged.keySet().removeIf(key -> key.endsWith('/' + anonymousId));
    stagedErasures.add(anonymousId);
    Integer install = installIds(connection, Set.of(anonymousId), false).get(anonymousId);
    if (install == null) {
      return;
    }
    List<Long> days = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT day FROM install_days WHERE install = ? ORDER BY day")) {
      select.setInt(1, install);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          days.add(rows.getLong(1));
        }
      }
    }
    DayRollups.erase(connection, install, days);
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM raw_heartbeats WHERE day = ? AND install = ?")) {
      for (long day : days) {
        delete.setLong(1, day);
        delete.setInt(2, install);
        delete.addBatch();
      }
      if (!days.isEmpty()) {
        delete.executeBatch();
      }
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM install_days WHERE install = ?")) {
      delete.setInt(1, install);
      delete.executeUpdate();
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM install_ids WHERE id = ?")) {
      delete.setInt(1, install);
      delete.executeUpdate();
    }
  }

  /** What a batch's install-day holds, once every day the batch touches was looked up. */
  private Stored staged(String day, String anonymousId) {
    return Objects.requireNonNull(
        lookUp(day, anonymousId), "an install-day of the batch was not looked up");
  }

  private static <K, V> V idOf(Map<K, V> ids, K key) {
    return Objects.requireNonNull(ids.get(key), "an install has no id");
  }

  private Map<String, Integer> installIds(Connection connection, Set<String> installs)
      throws SQLException {
    return installIds(connection, installs, true);
  }

  /**
   * The integer ids of installs, giving one to each install without one when {@code assign}: the
   * missing ones are added in sorted order, under the installs' locks on PostgreSQL.
   */
  private Map<String, Integer> installIds(
      Connection connection, Set<String> installs, boolean assign) throws SQLException {
    Map<String, Integer> ids = new HashMap<>();
    selectIds(connection, new ArrayList<>(installs), ids);
    if (!assign || ids.size() == installs.size()) {
      return ids;
    }
    List<String> missing = new ArrayList<>(new TreeSet<>(installs));
    missing.removeIf(ids::containsKey);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO install_ids (anonymous_id) VALUES (?) ON CONFLICT (anonymous_id) DO NOTHING")) {
      for (String id : missing) {
        insert.setString(1, id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    selectIds(connection, missing, ids);
    if (ids.size() != installs.size()) {
      throw new SQLException("an install has no integer id after it was given one");
    }
    return ids;
  }

  private static void selectIds(
      Connection connection, List<String> installs, Map<String, Integer> ids) throws SQLException {
    for (int start = 0; start < installs.size(); start += CHUNK) {
      List<String> chunk = installs.subList(start, Math.min(installs.size(), start + CHUNK));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT anonymous_id, id FROM install_ids WHERE anonymous_id IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.put(rows.getString(1), rows.getInt(2));
          }
        }
      }
    }
  }

  private void lock(Connection connection, Collection<String> installs) throws SQLException {
    if (vendor != DatabaseVendor.POSTGRESQL) {
      // One writer thread per process owns a SQLite file.
      return;
    }
    // Installs are locked by bucket, so a transaction holds at most BUCKETS locks however many
    // installs its batch has (PostgreSQL's lock table is small); sorted, so that two collectors
    // locking overlapping sets never wait on each other in a cycle.
    Integer[] buckets =
        installs.stream().map(AdvisoryLocks::bucket).sorted().distinct().toArray(Integer[]::new);
    Array array = connection.createArrayOf("integer", buckets);
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + AdvisoryLocks.lock("k")
                + " FROM unnest(?::integer[]) WITH ORDINALITY AS t(k, i) ORDER BY i")) {
      statement.setArray(1, array);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          // Each row is one lock taken.
        }
      }
    } finally {
      array.free();
    }
  }

  private Map<String, Stored> read(
      Connection connection, Map<String, Integer> installs, Set<String> days) throws SQLException {
    Map<String, Stored> stored = new LinkedHashMap<>();
    Map<Integer, String> anonymousIds = new HashMap<>();
    installs.forEach((anonymousId, id) -> anonymousIds.put(id, anonymousId));
    List<Integer> ids = new ArrayList<>(new TreeSet<>(installs.values()));
    for (int start = 0; start < ids.size(); start += CHUNK) {
      List<Integer> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
      String sql =
          "SELECT day, install, counters, idempotency_keys,"
              + " CASE WHEN counters IS NULL THEN payload END FROM raw_heartbeats WHERE day IN ("
              + placeholders(days.size())
              + ") AND install IN ("
              + placeholders(chunk.size())
              + ")";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        int index = 1;
        for (String day : days) {
          select.setLong(index++, LocalDate.parse(day).toEpochDay());
        }
        for (int id : chunk) {
          select.setInt(index++, id);
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String counters = rows.getString(3);
            int install = rows.getInt(2);
            stored.put(
                key(LocalDate.ofEpochDay(rows.getLong(1)).toString(), idOf(anonymousIds, install)),
                new Stored(
                    install,
                    true,
                    counters != null
                        ? counters
                        : DayCounters.of(tree(rows.getString(5))).toString(),
                    keys(rows.getString(4))));
          }
        }
      }
    }
    return stored;
  }

  private JsonNode tree(String json) throws SQLException {
    try {
      return mapper.readTree(json);
    } catch (IOException e) {
      throw new SQLException("a stored heartbeat is not JSON", e);
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static List<String> keys(@Nullable String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(" "));
  }

  private static String key(String day, String anonymousId) {
    return day + '/' + anonymousId;
  }

  private static String previousDay(String day) {
    return LocalDate.parse(day).minusDays(1).toString();
  }

  /**
   * What a row already holds that a merge needs: the install's integer id, whether the day has a
   * row, its counter sums and the keys applied.
   */
  private record Stored(int install, boolean exists, @Nullable String counters, List<String> keys) {
    /** No row yet for the install's day. */
    static Stored absent(int install) {
      return new Stored(install, false, null, List.of());
    }
  }

  /** One install's day while a batch is merged into it. */
  private final class InstallDay {
    private final int install;
    private final @Nullable String storedCounters;
    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> previousDayKeys = new LinkedHashSet<>();
    private @Nullable ObjectNode sums;
    private @Nullable ReceivedHeartbeat latest;

    InstallDay(Stored today, Stored dayBefore) {
      this.install = today.install();
      this.storedCounters = today.exists() ? today.counters() : null;
      keys.addAll(today.keys());
      if (dayBefore.exists()) {
        previousDayKeys.addAll(dayBefore.keys());
      }
    }

    void apply(ReceivedHeartbeat heartbeat) {
      String key = heartbeat.idempotencyKey();
      if (key != null && (keys.contains(key) || previousDayKeys.contains(key))) {
        return;
      }
      if (latest == null && storedCounters == null) {
        // The day's first heartbeat: its own values stand, worked out before it got here.
        latest = heartbeat;
      } else {
        if (sums == null) {
          sums = latest != null ? latest.counters().deepCopy() : storedSums();
        }
        DayCounters.add(sums, heartbeat.payload());
        latest = heartbeat;
      }
      if (key != null) {
        keys.add(key);
        if (keys.size() > MAX_KEYS_PER_DAY) {
          keys.remove(keys.iterator().next());
        }
      }
    }

    private ObjectNode storedSums() {
      try {
        // Only called when the day already has a row: its counters are stored.
        JsonNode tree = mapper.readTree(Objects.requireNonNull(storedCounters, "storedCounters"));
        return tree instanceof ObjectNode object ? object : mapper.createObjectNode();
      } catch (IOException e) {
        throw new IllegalStateException("stored day counters are not JSON", e);
      }
    }

    boolean changed() {
      return latest != null;
    }

    HeartbeatRow row() {
      ReceivedHeartbeat latest = Objects.requireNonNull(this.latest, "an unchanged day has no row");
      String joinedKeys = keys.isEmpty() ? null : String.join(" ", keys);
      if (sums == null) {
        return new HeartbeatRow(
            latest.day(),
            latest.anonymousId(),
            latest.values(),
            latest.raw(),
            latest.countersJson(),
            joinedKeys);
      }
      return new HeartbeatRow(
          latest.day(),
          latest.anonymousId(),
          HeartbeatColumns.withCounters(latest.values(), sums),
          latest.raw(),
          sums.toString(),
          joinedKeys);
    }
  }
}
