package app.mcpproxy.telemetry.collector.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  private static final int CHUNK = 512;

  /** Enough for the writer's fixed statements and its lookups' padded sizes. */
  private static final int CACHED_STATEMENTS = 48;

  private final ObjectMapper mapper;
  private final DatabaseVendor vendor;

  /**
   * What the database holds for the latest two days' install-days, by day then install, as this
   * process wrote or read it: only for SQLite, whose file one collector writes alone, so that a
   * merge need not read the row back. PostgreSQL may be shared and is always read.
   */
  private final Map<Long, Map<String, Remembered>> known = new HashMap<>();

  /** What the open transaction read or wrote; becomes known on commit, dropped on rollback. */
  private final Map<DayInstall, Stored> staged = new HashMap<>();

  private final Set<String> stagedErasures = new HashSet<>();

  private final Dictionary dictionary = new Dictionary();

  /** The writer's statements, kept prepared while it is handed the same connection. */
  private @Nullable StatementCache statements;

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
      for (Map.Entry<DayInstall, Stored> entry : staged.entrySet()) {
        Map<String, Remembered> installs =
            known.computeIfAbsent(entry.getKey().day(), d -> new HashMap<>());
        Remembered remembered = installs.get(entry.getKey().anonymousId());
        if (remembered == null) {
          installs.put(entry.getKey().anonymousId(), new Remembered(entry.getValue()));
        } else {
          remembered.update(entry.getValue());
        }
      }
      // Only today and yesterday are ever merged into or checked for keys.
      if (known.size() > 2) {
        List<Long> days = new ArrayList<>(new TreeSet<>(known.keySet()));
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
    forgetStatements();
    staged.clear();
    stagedErasures.clear();
    dictionary.rolledBack();
  }

  /** Closes the kept statements; the next batch prepares them again. */
  void forgetStatements() {
    if (statements != null) {
      statements.close();
      statements = null;
    }
  }

  private PreparedStatement prepared(Connection connection, String sql) throws SQLException {
    StatementCache cache = statements;
    if (cache == null || !cache.isFor(connection)) {
      forgetStatements();
      cache = new StatementCache(connection, CACHED_STATEMENTS);
      statements = cache;
    }
    return cache.prepared(sql);
  }

  /** Whether {@link #lookUp} has an answer, without working the answer out. */
  private boolean knows(long day, String anonymousId) {
    if (staged.containsKey(new DayInstall(day, anonymousId))) {
      return true;
    }
    if (stagedErasures.contains(anonymousId)) {
      return false;
    }
    Map<String, Remembered> installs = known.get(day);
    return installs != null && installs.containsKey(anonymousId);
  }

  private @Nullable Stored lookUp(long day, String anonymousId) {
    Stored stored = staged.get(new DayInstall(day, anonymousId));
    if (stored != null || stagedErasures.contains(anonymousId)) {
      return stored;
    }
    Map<String, Remembered> installs = known.get(day);
    Remembered remembered = installs == null ? null : installs.get(anonymousId);
    return remembered == null ? null : remembered.stored();
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
    Set<Long> days = new TreeSet<>();
    for (ReceivedHeartbeat heartbeat : heartbeats) {
      installs.add(heartbeat.anonymousId());
      days.add(heartbeat.epochDay());
      days.add(heartbeat.epochDay() - 1);
    }
    lock(connection, installs);
    Set<String> unknown = new TreeSet<>();
    for (String id : installs) {
      for (long day : days) {
        if (!remembers() || !knows(day, id)) {
          unknown.add(id);
        }
      }
    }
    if (!unknown.isEmpty()) {
      Map<String, Integer> ids = installIds(connection, unknown);
      Map<DayInstall, Stored> read = read(connection, ids, days);
      for (String id : unknown) {
        for (long day : days) {
          DayInstall key = new DayInstall(day, id);
          Stored stored = read.get(key);
          staged.put(key, stored == null ? Stored.absent(idOf(ids, id)) : stored);
        }
      }
    }
    Map<DayInstall, InstallDay> merged = new LinkedHashMap<>();
    for (ReceivedHeartbeat heartbeat : heartbeats) {
      merged
          .computeIfAbsent(
              new DayInstall(heartbeat.epochDay(), heartbeat.anonymousId()),
              key ->
                  new InstallDay(
                      staged(key.day(), key.anonymousId()),
                      staged(key.day() - 1, key.anonymousId())))
          .apply(heartbeat);
    }
    List<InstallDay> changed = new ArrayList<>(merged.size());
    Set<String> texts = new HashSet<>();
    for (InstallDay day : merged.values()) {
      if (day.changed()) {
        changed.add(day);
        texts.addAll(InstallDayTable.texts(day.latest().values()));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    dictionary.ensure(connection, texts);
    PreparedStatement upsert = prepared(connection, InstallDayTable.UPSERT);
    PreparedStatement raw = prepared(connection, InstallDayTable.UPSERT_RAW);
    boolean anyRaw = false;
    for (InstallDay day : changed) {
      ReceivedHeartbeat latest = day.latest();
      long epochDay = latest.epochDay();
      InstallDayTable.bind(upsert, epochDay, day.install, day.values(), dictionary);
      upsert.addBatch();
      String keys = day.keys.isEmpty() ? null : String.join(" ", day.keys);
      if (epochDay >= firstRawDay) {
        raw.setLong(1, epochDay);
        raw.setInt(2, day.install);
        raw.setString(3, latest.raw());
        // The day's sums even after one heartbeat, so that the next merge reads 200 bytes of sums
        // rather than parsing the whole payload. Rows stored without them still read correctly.
        raw.setString(4, day.daySumsJson());
        raw.setString(5, keys);
        raw.addBatch();
        anyRaw = true;
      }
      staged.put(
          new DayInstall(epochDay, latest.anonymousId()),
          new Stored(
              day.install, true, remembers() ? day.daySumsJson() : null, List.copyOf(day.keys)));
    }
    upsert.executeBatch();
    if (anyRaw) {
      raw.executeBatch();
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
    staged.keySet().removeIf(key -> key.anonymousId().equals(anonymousId));
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
  private Stored staged(long day, String anonymousId) {
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
    PreparedStatement insert =
        prepared(
            connection,
            "INSERT INTO install_ids (anonymous_id) VALUES (?) ON CONFLICT (anonymous_id) DO NOTHING");
    for (String id : missing) {
      insert.setString(1, id);
      insert.addBatch();
    }
    insert.executeBatch();
    selectIds(connection, missing, ids);
    if (ids.size() != installs.size()) {
      throw new SQLException("an install has no integer id after it was given one");
    }
    return ids;
  }

  private void selectIds(Connection connection, List<String> installs, Map<String, Integer> ids)
      throws SQLException {
    for (int start = 0; start < installs.size(); start += CHUNK) {
      List<String> chunk = installs.subList(start, Math.min(installs.size(), start + CHUNK));
      int size = paddedSize(chunk.size());
      PreparedStatement select =
          prepared(
              connection,
              "SELECT anonymous_id, id FROM install_ids WHERE anonymous_id IN ("
                  + placeholders(size)
                  + ")");
      for (int i = 0; i < size; i++) {
        select.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.put(rows.getString(1), rows.getInt(2));
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
    try {
      PreparedStatement statement =
          prepared(
              connection,
              "SELECT "
                  + AdvisoryLocks.lock("k")
                  + " FROM unnest(?::integer[]) WITH ORDINALITY AS t(k, i) ORDER BY i");
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

  private Map<DayInstall, Stored> read(
      Connection connection, Map<String, Integer> installs, Set<Long> days) throws SQLException {
    Map<DayInstall, Stored> stored = new HashMap<>();
    Map<Integer, String> anonymousIds = new HashMap<>();
    installs.forEach((anonymousId, id) -> anonymousIds.put(id, anonymousId));
    List<Integer> ids = new ArrayList<>(new TreeSet<>(installs.values()));
    List<Long> dayList = new ArrayList<>(days);
    int daySlots = paddedSize(dayList.size());
    for (int start = 0; start < ids.size(); start += CHUNK) {
      List<Integer> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
      int idSlots = paddedSize(chunk.size());
      String sql =
          "SELECT day, install, counters, idempotency_keys,"
              + " CASE WHEN counters IS NULL THEN payload END FROM raw_heartbeats WHERE day IN ("
              + placeholders(daySlots)
              + ") AND install IN ("
              + placeholders(idSlots)
              + ")";
      PreparedStatement select = prepared(connection, sql);
      int index = 1;
      for (int i = 0; i < daySlots; i++) {
        select.setLong(index++, dayList.get(Math.min(i, dayList.size() - 1)));
      }
      for (int i = 0; i < idSlots; i++) {
        select.setInt(index++, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String counters = rows.getString(3);
          int install = rows.getInt(2);
          stored.put(
              new DayInstall(rows.getLong(1), idOf(anonymousIds, install)),
              new Stored(
                  install,
                  true,
                  counters != null ? counters : DayCounters.of(tree(rows.getString(5))).toString(),
                  keys(rows.getString(4))));
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

  /**
   * The number of placeholders a lookup of {@code count} values binds: the next power of two, the
   * last value repeated, so that a handful of statements serve every batch size.
   */
  private static int paddedSize(int count) {
    return count <= 1 ? 1 : Integer.highestOneBit(count - 1) << 1;
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static List<String> keys(@Nullable String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(" "));
  }

  /** An install's day, as the writer's maps key it. */
  private record DayInstall(long day, String anonymousId) {}

  /**
   * What a row already holds that a merge needs: the install's integer id, whether the day has a
   * row, its counter sums as JSON (kept as text: compact while many installs are remembered) and
   * the keys applied.
   */
  private record Stored(int install, boolean exists, @Nullable String sums, List<String> keys) {
    /** No row yet for the install's day. */
    static Stored absent(int install) {
      return new Stored(install, false, null, List.of());
    }
  }

  /**
   * A remembered install-day, changed in place by each merge. A merge that put a new object into
   * the long-lived map would leave a young object behind for every heartbeat, which the collector's
   * garbage collector then copies and traces from the old map; bytes rewritten in place cost it
   * nothing.
   */
  private static final class Remembered {
    private int install;
    private boolean exists;
    private byte @Nullable [] sums;
    private int sumsLength;
    private List<String> keys;

    Remembered(Stored stored) {
      this.keys = List.of();
      update(stored);
    }

    void update(Stored stored) {
      install = stored.install();
      exists = stored.exists();
      String text = stored.sums();
      if (text == null) {
        sumsLength = -1;
      } else {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = sums;
        if (buffer == null || buffer.length < utf8.length) {
          // Room to grow: sums gain digits and keys over a day.
          buffer = new byte[utf8.length + utf8.length / 4 + 16];
          sums = buffer;
        }
        System.arraycopy(utf8, 0, buffer, 0, utf8.length);
        sumsLength = utf8.length;
      }
      if (!keys.equals(stored.keys())) {
        keys = stored.keys();
      }
    }

    Stored stored() {
      byte[] buffer = sums;
      String text =
          buffer == null || sumsLength < 0
              ? null
              : new String(buffer, 0, sumsLength, StandardCharsets.UTF_8);
      return new Stored(install, exists, text, keys);
    }
  }

  /** One install's day while a batch is merged into it. */
  private final class InstallDay {
    private final int install;
    private final @Nullable String storedSums;
    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> previousDayKeys = new HashSet<>();

    /** The day's sums once a second heartbeat met it; {@code null} while one heartbeat stands. */
    private @Nullable ObjectNode sums;

    private @Nullable String sumsJson;

    private @Nullable ReceivedHeartbeat latest;

    InstallDay(Stored today, Stored dayBefore) {
      this.install = today.install();
      this.storedSums = today.exists() ? today.sums() : null;
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
      if (latest != null || storedSums != null) {
        if (sums == null) {
          sums =
              latest != null
                  ? DayCounters.of(latest.payload())
                  : parse(Objects.requireNonNull(storedSums, "storedSums"));
        }
        DayCounters.add(sums, heartbeat.payload());
      }
      // Otherwise the day's first heartbeat: its own values stand, worked out before it got here.
      latest = heartbeat;
      if (key != null) {
        keys.add(key);
        if (keys.size() > MAX_KEYS_PER_DAY) {
          keys.remove(keys.iterator().next());
        }
      }
    }

    boolean changed() {
      return latest != null;
    }

    ReceivedHeartbeat latest() {
      return Objects.requireNonNull(latest, "an unchanged day has no heartbeat");
    }

    /** The day's column values: the latest heartbeat's, with the counters summed. */
    List<Object> values() {
      return sums == null
          ? latest().values()
          : HeartbeatColumns.withCounters(latest().values(), sums);
    }

    /** The day's sums as JSON: the sums once two heartbeats met, else the one's own counters. */
    String daySumsJson() {
      if (sumsJson == null) {
        sumsJson = sums != null ? sums.toString() : DayCounters.of(latest().payload()).toString();
      }
      return sumsJson;
    }

    private ObjectNode parse(String json) {
      try {
        return mapper.readTree(json) instanceof ObjectNode object
            ? object
            : mapper.createObjectNode();
      } catch (IOException e) {
        throw new IllegalStateException("stored day counters are not JSON", e);
      }
    }
  }
}
