package app.mcpproxy.telemetry.collector.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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

  /** Install-days remembered per day at most (each some hundred bytes), so memory stays bounded. */
  static final int MAX_REMEMBERED_PER_DAY = 100_000;

  private final ObjectMapper mapper;
  private final DatabaseVendor vendor;

  /**
   * What the database holds for the latest two days' install-days, by day then install, as this
   * process wrote or read it, so that a merge need not read the row back. SQLite's file has one
   * collector writing it; on PostgreSQL, which collectors may share, each row's version is checked
   * when the batch that merged into it is written.
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

  /** The transaction that wrote the last batches committed: what they wrote is now known. */
  public void committed() {
    for (String id : stagedErasures) {
      known.values().forEach(installs -> installs.remove(id));
    }
    for (Map.Entry<String, Stored> entry : staged.entrySet()) {
      int slash = entry.getKey().indexOf('/');
      Map<String, Stored> installs =
          known.computeIfAbsent(entry.getKey().substring(0, slash), d -> new HashMap<>());
      String install = entry.getKey().substring(slash + 1);
      // What is remembered must never be out of date; past the bound, the rest is read.
      if (installs.size() < MAX_REMEMBERED_PER_DAY || installs.containsKey(install)) {
        installs.put(install, entry.getValue());
      }
    }
    // Only today and yesterday are ever merged into or checked for keys.
    if (known.size() > 2) {
      List<String> days = new ArrayList<>(new TreeSet<>(known.keySet()));
      days.subList(days.size() - 2, days.size()).clear();
      days.forEach(known::remove);
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
    Set<String> unknown = unknown(installs, days);
    if (vendor == DatabaseVendor.POSTGRESQL) {
      writeShared(connection, heartbeats, installs, unknown, days);
      return;
    }
    if (!unknown.isEmpty()) {
      Map<String, Integer> ids = installIds(connection, unknown);
      stage(unknown, days, ids, read(connection, ids, days));
    }
    Map<InstallDay, HeartbeatRow> changed = new LinkedHashMap<>();
    Set<String> texts = new HashSet<>();
    for (InstallDay day : merge(heartbeats).values()) {
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
            new Stored(day.install, true, row.counters(), keys(row.idempotencyKeys()), null));
      }
      upsert.executeBatch();
      if (anyRaw) {
        raw.executeBatch();
      }
    }
  }

  /** The installs with a day whose row is neither remembered nor read in this transaction. */
  private Set<String> unknown(Set<String> installs, Set<String> days) {
    Set<String> unknown = new TreeSet<>();
    for (String id : installs) {
      for (String day : days) {
        if (lookUp(day, id) == null) {
          unknown.add(id);
        }
      }
    }
    return unknown;
  }

  /** Merges heartbeats, in arrival order, into what is known of their install-days. */
  private Map<String, InstallDay> merge(List<ReceivedHeartbeat> heartbeats) {
    Map<String, InstallDay> merged = new LinkedHashMap<>();
    for (ReceivedHeartbeat heartbeat : heartbeats) {
      merged
          .computeIfAbsent(
              key(heartbeat.day(), heartbeat.anonymousId()),
              k ->
                  new InstallDay(
                      heartbeat.day(),
                      heartbeat.anonymousId(),
                      staged(heartbeat.day(), heartbeat.anonymousId()),
                      staged(previousDay(heartbeat.day()), heartbeat.anonymousId())))
          .apply(heartbeat);
    }
    return merged;
  }

  /**
   * PostgreSQL, whose rows other collectors may change too. What this collector remembers of a row
   * carries the row's version (the transaction that wrote it); an install it remembers nothing of
   * is presumed new. An install-day is written only where every row it merged into or checked keys
   * against is still as remembered or presumed, checked under the installs' locks by the statement
   * that writes, which also gives new installs their ids. A batch is thus one round trip (locks,
   * check, ids and both upserts); the install-days found changed by another collector, or not new,
   * are read under the locks and merged anew.
   */
  private void writeShared(
      Connection connection,
      List<ReceivedHeartbeat> heartbeats,
      Set<String> installs,
      Set<String> unknown,
      Set<String> days)
      throws SQLException {
    for (String id : unknown) {
      // Presumed new, under the id remembered from another day if there is one; the write checks.
      int install = 0;
      for (String day : days) {
        Stored stored = lookUp(day, id);
        if (stored != null) {
          install = stored.install();
        }
      }
      for (String day : days) {
        if (lookUp(day, id) == null) {
          staged.put(key(day, id), Stored.absent(install));
        }
      }
    }
    boolean locked = false;
    List<ReceivedHeartbeat> pending = heartbeats;
    for (int attempt = 0; ; attempt++) {
      Map<String, InstallDay> merged = merge(pending);
      Set<String> texts = new HashSet<>();
      for (InstallDay day : merged.values()) {
        if (day.changed()) {
          texts.addAll(InstallDayTable.texts(day.row().values()));
        }
      }
      if (!locked && !dictionary.hasCodes(texts)) {
        // New dictionary values are added under the installs' locks, as every collector does, so
        // that no two collectors wait on each other in a cycle.
        lock(connection, installs);
        locked = true;
      }
      dictionary.ensure(connection, texts);
      Set<String> stale = writeChecked(connection, merged.values(), locked ? null : installs);
      locked = true;
      if (stale.isEmpty()) {
        return;
      }
      if (attempt > 0) {
        throw new SQLException("install-days changed while their installs were locked");
      }
      Set<String> staleInstalls = new TreeSet<>();
      for (String key : stale) {
        staleInstalls.add(key.substring(key.indexOf('/') + 1));
      }
      lockAndRead(connection, staleInstalls, staleInstalls, days);
      pending =
          pending.stream().filter(h -> stale.contains(key(h.day(), h.anonymousId()))).toList();
    }
  }

  /**
   * Writes the changed install-days where every install-day merged is still as remembered or
   * presumed; takes the installs' locks first in the same round trip unless {@code lockFirst} is
   * null.
   *
   * @return the keys of the install-days found changed, so not written
   */
  private Set<String> writeChecked(
      Connection connection, Collection<InstallDay> merged, @Nullable Set<String> lockFirst)
      throws SQLException {
    int size = merged.size();
    Integer[] days = new Integer[size];
    Integer[] installs = new Integer[size];
    String[] anonymousIds = new String[size];
    Map<String, Integer> ids = new HashMap<>();
    String[] versions = new String[size];
    String[] previousVersions = new String[size];
    List<InstallDayTable.Write> writes = new ArrayList<>();
    int index = 0;
    for (InstallDay day : merged) {
      long epochDay = LocalDate.parse(day.day).toEpochDay();
      days[index] = Math.toIntExact(epochDay);
      installs[index] = day.install == 0 ? null : day.install;
      anonymousIds[index] = day.anonymousId;
      versions[index] = day.version;
      previousVersions[index] = day.previousVersion;
      index++;
      if (day.changed()) {
        writes.add(
            new InstallDayTable.Write(
                epochDay, day.install, day.row(), epochDay >= firstRawDay, index));
      }
    }
    Set<Long> written = new HashSet<>();
    @Nullable String version = null;
    try (PreparedStatement statement =
        connection.prepareStatement(
            lockFirst == null
                ? InstallDayTable.CHECKED_UPSERTS
                : LOCK + ";\n" + InstallDayTable.CHECKED_UPSERTS)) {
      int parameter = 1;
      if (lockFirst != null) {
        statement.setArray(parameter++, connection.createArrayOf("integer", buckets(lockFirst)));
      }
      statement.setArray(parameter++, connection.createArrayOf("integer", days));
      statement.setArray(parameter++, connection.createArrayOf("integer", installs));
      statement.setArray(parameter++, connection.createArrayOf("text", anonymousIds));
      statement.setArray(parameter++, connection.createArrayOf("text", versions));
      statement.setArray(parameter++, connection.createArrayOf("text", previousVersions));
      InstallDayTable.bindArrays(statement, parameter, writes, dictionary);
      statement.execute();
      if (lockFirst != null) {
        // The locks' rows: one per lock taken.
        statement.getMoreResults();
      }
      try (ResultSet rows = statement.getResultSet()) {
        while (rows.next()) {
          written.add(rows.getLong(1));
          ids.put(anonymousIds[rows.getInt(1) - 1], rows.getInt(2));
          version = rows.getString(3);
        }
      }
    }
    Set<String> stale = new HashSet<>();
    index = 0;
    for (InstallDay day : merged) {
      index++;
      if (!written.contains((long) index)) {
        stale.add(key(day.day, day.anonymousId));
      } else if (day.changed()) {
        HeartbeatRow row = day.row();
        boolean withRaw = LocalDate.parse(day.day).toEpochDay() >= firstRawDay;
        staged.put(
            key(day.day, day.anonymousId),
            new Stored(
                idOf(ids, day.anonymousId),
                true,
                row.counters(),
                keys(row.idempotencyKeys()),
                withRaw ? version : null));
      }
    }
    return stale;
  }

  private static Integer[] buckets(Set<String> installs) {
    return installs.stream().map(AdvisoryLocks::bucket).sorted().distinct().toArray(Integer[]::new);
  }

  /**
   * Locks installs by bucket, so a transaction holds at most {@link AdvisoryLocks#BUCKETS} locks
   * however many installs its batch has (PostgreSQL's lock table is small); in sorted order, so
   * that two collectors locking overlapping sets never wait on each other in a cycle.
   */
  private static final String LOCK =
      "SELECT "
          + AdvisoryLocks.lock("k")
          + " FROM unnest(?::integer[]) WITH ORDINALITY AS t(k, i) ORDER BY i";

  private void stage(
      Set<String> installs, Set<String> days, Map<String, Integer> ids, Map<String, Stored> read) {
    for (String id : installs) {
      for (String day : days) {
        Stored stored = read.get(key(day, id));
        staged.put(key(day, id), stored == null ? Stored.absent(idOf(ids, id)) : stored);
      }
    }
  }

  /**
   * PostgreSQL: in one round trip, locks the buckets of the installs {@code locked}, then (each
   * statement seeing what committed before the locks were taken) gives the new installs their
   * integer ids, returns every install's id, and reads the rows the batch merges into.
   */
  private void lockAndRead(
      Connection connection, Set<String> locked, Set<String> installs, Set<String> days)
      throws SQLException {
    Integer[] buckets = buckets(locked);
    String[] anonymousIds = installs.toArray(String[]::new);
    Integer[] epochDays =
        days.stream()
            .map(day -> Math.toIntExact(LocalDate.parse(day).toEpochDay()))
            .toArray(Integer[]::new);
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Stored> read = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(LOCK_AND_READ)) {
      statement.setArray(1, connection.createArrayOf("integer", buckets));
      statement.setArray(2, connection.createArrayOf("text", anonymousIds));
      statement.setArray(3, connection.createArrayOf("text", anonymousIds));
      statement.setArray(4, connection.createArrayOf("integer", epochDays));
      statement.execute();
      // The locks' rows: one per lock taken.
      statement.getMoreResults();
      try (ResultSet rows = statement.getResultSet()) {
        while (rows.next()) {
          ids.put(rows.getString(1), rows.getInt(2));
        }
      }
      statement.getMoreResults();
      try (ResultSet rows = statement.getResultSet()) {
        while (rows.next()) {
          int install = rows.getInt(3);
          read.put(
              key(LocalDate.ofEpochDay(rows.getLong(1)).toString(), rows.getString(2)),
              stored(
                  install,
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7)));
        }
      }
    }
    if (ids.size() != installs.size()) {
      throw new SQLException("an install has no integer id after it was given one");
    }
    stage(installs, days, ids, read);
  }

  /**
   * Three statements sent at once: the bucket locks, taken in order; the installs' ids, adding the
   * missing ones in sorted order (only those, so that no identity value is spent on an install
   * already known); the raw rows of the installs' days.
   */
  private static final String LOCK_AND_READ =
      LOCK
          + ";\n"
          + "WITH wanted AS (SELECT a FROM unnest(?::text[]) AS w(a)),"
          + " added AS (INSERT INTO install_ids (anonymous_id)"
          + " SELECT a FROM wanted"
          + " WHERE NOT EXISTS (SELECT 1 FROM install_ids i WHERE i.anonymous_id = wanted.a)"
          + " ORDER BY a ON CONFLICT (anonymous_id) DO NOTHING RETURNING anonymous_id, id)"
          + " SELECT i.anonymous_id, i.id FROM install_ids i JOIN wanted ON wanted.a = i.anonymous_id"
          + " UNION ALL SELECT anonymous_id, id FROM added;\n"
          + "SELECT r.day, i.anonymous_id, r.install, r.counters, r.idempotency_keys,"
          + " CASE WHEN r.counters IS NULL THEN r.payload END, r.xmin::text"
          + " FROM install_ids i JOIN raw_heartbeats r ON r.install = i.id"
          + " WHERE i.anonymous_id = ANY(?::text[]) AND r.day = ANY(?::integer[])";

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
    try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
      statement.setArray(1, connection.createArrayOf("integer", buckets(new TreeSet<>(installs))));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          // Each row is one lock taken.
        }
      }
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
            int install = rows.getInt(2);
            stored.put(
                key(LocalDate.ofEpochDay(rows.getLong(1)).toString(), idOf(anonymousIds, install)),
                stored(install, rows.getString(3), rows.getString(4), rows.getString(5), null));
          }
        }
      }
    }
    return stored;
  }

  /** A stored row; rows written before counters were summed hold them in their payload only. */
  private Stored stored(
      int install,
      @Nullable String counters,
      @Nullable String joinedKeys,
      @Nullable String payload,
      @Nullable String version)
      throws SQLException {
    return new Stored(
        install,
        true,
        counters != null
            ? counters
            : DayCounters.of(tree(Objects.requireNonNull(payload, "payload"))).toString(),
        keys(joinedKeys),
        version);
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
   * row, its counter sums and the keys applied; on PostgreSQL also the version of its raw row (the
   * id of the transaction that wrote it), null when there is none.
   */
  private record Stored(
      int install,
      boolean exists,
      @Nullable String counters,
      List<String> keys,
      @Nullable String version) {
    /** No row yet for the install's day. */
    static Stored absent(int install) {
      return new Stored(install, false, null, List.of(), null);
    }
  }

  /** One install's day while a batch is merged into it. */
  private final class InstallDay {
    private final String day;
    private final String anonymousId;
    private final @Nullable String version;
    private final @Nullable String previousVersion;
    private final int install;
    private final @Nullable String storedCounters;
    private final Set<String> keys = new LinkedHashSet<>();
    private final Set<String> previousDayKeys = new LinkedHashSet<>();
    private @Nullable ObjectNode sums;
    private @Nullable ReceivedHeartbeat latest;
    private @Nullable HeartbeatRow row;

    InstallDay(String day, String anonymousId, Stored today, Stored dayBefore) {
      this.day = day;
      this.anonymousId = anonymousId;
      this.version = today.version();
      this.previousVersion = dayBefore.version();
      this.install = today.install();
      this.storedCounters = today.exists() ? today.counters() : null;
      keys.addAll(today.keys());
      if (dayBefore.exists()) {
        previousDayKeys.addAll(dayBefore.keys());
      }
    }

    void apply(ReceivedHeartbeat heartbeat) {
      row = null;
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
      if (row == null) {
        row = newRow();
      }
      return row;
    }

    private HeartbeatRow newRow() {
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
