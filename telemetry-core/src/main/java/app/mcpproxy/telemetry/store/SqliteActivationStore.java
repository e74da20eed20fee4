package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.activation.StoredActivation;
import app.mcpproxy.telemetry.activation.StoredActivation.InstallerFlag;
import app.mcpproxy.telemetry.activation.TumblingWindow;
import app.mcpproxy.telemetry.model.ActivationState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The activation store on the {@code activation} row of {@code telemetry.db}.
 *
 * <p>The state lives in memory, loaded once at open. Counters and client names change there only,
 * with one compare-and-set, and a flush task on the flush executor writes them within the flush
 * delay, so a burst of calls costs one write. Flags and the installer flag are written through at
 * once, in a fully synchronous transaction, before the call returns; a flag already set costs no
 * I/O. Only the flush writes counter columns and only flag writes touch flag columns, so the two
 * never overwrite each other's newer values.
 */
final class SqliteActivationStore implements ActivationStore {
  private static final System.Logger LOG = System.getLogger(SqliteActivationStore.class.getName());

  private final SqliteConnection db;
  private final Clock clock;
  private final ScheduledExecutorService flushExecutor;
  private final long flushDelayNanos;
  private final ObjectMapper json;
  private final AtomicReference<StoredActivation> state;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicLong counterWrites = new AtomicLong();
  private StoredActivation persisted; // guarded by the connection lock

  private SqliteActivationStore(
      SqliteConnection db,
      Clock clock,
      ScheduledExecutorService flushExecutor,
      Duration flushDelay,
      ObjectMapper json,
      StoredActivation loaded) {
    this.db = db;
    this.json = json;
    this.clock = clock;
    this.flushExecutor = flushExecutor;
    this.flushDelayNanos = flushDelay.toNanos();
    this.state = new AtomicReference<>(loaded);
    this.persisted = loaded;
  }

  /** Loads the stored state and returns a store over it. */
  static SqliteActivationStore open(
      SqliteConnection db,
      Clock clock,
      ScheduledExecutorService flushExecutor,
      Duration flushDelay) {
    ObjectMapper json = new ObjectMapper();
    StoredActivation loaded = db.read("load activation state", c -> readRow(c, json));
    return new SqliteActivationStore(db, clock, flushExecutor, flushDelay, json, loaded);
  }

  @Override
  public ActivationState load() {
    return state.get().toState(clock.instant());
  }

  @Override
  public void save(ActivationState saved) {
    Objects.requireNonNull(saved, "state");
    db.exclusively(
        () -> {
          Instant now = clock.instant();
          StoredActivation merged = state.get().mergedWith(saved, now);
          db.write("save activation state", c -> writeAll(c, merged));
          StoredActivation current = state.updateAndGet(s -> s.mergedWith(saved, now));
          persisted = merged;
          if (!sameCounters(current, merged)) {
            requestFlush();
          }
          return null;
        });
  }

  @Override
  public void clear() {
    db.exclusively(
        () -> {
          StoredActivation cleared = state.get().cleared();
          db.write(
              "clear activation state",
              c -> {
                writeAll(c, cleared);
                try (Statement reset = c.createStatement()) {
                  // The flags are monotonic everywhere else; forgetting is the one way back.
                  reset.executeUpdate(
                      "UPDATE activation SET first_connected_server_ever = 0,"
                          + " first_mcp_client_ever = 0, first_retrieve_tools_call_ever = 0"
                          + " WHERE id = 1");
                }
                return null;
              });
          state.set(cleared);
          persisted = cleared;
          return null;
        });
  }

  @Override
  public void markFirstConnectedServer() {
    markFlag(
        "first_connected_server_ever",
        StoredActivation::firstConnectedServerEver,
        StoredActivation::withFirstConnectedServer);
  }

  @Override
  public void markFirstMcpClient() {
    markFlag(
        "first_mcp_client_ever",
        StoredActivation::firstMcpClientEver,
        StoredActivation::withFirstMcpClient);
  }

  @Override
  public void markFirstRetrieveToolsCall() {
    markFlag(
        "first_retrieve_tools_call_ever",
        StoredActivation::firstRetrieveToolsCallEver,
        StoredActivation::withFirstRetrieveToolsCall);
  }

  @Override
  public void recordMcpClient(String name) {
    update(current -> current.withMcpClient(name));
  }

  @Override
  public void incrementRetrieveToolsCall() {
    update(current -> current.withRetrieveToolsCall(clock.instant()));
  }

  @Override
  public void addTokensSaved(long tokens) {
    if (tokens > 0) {
      update(current -> current.withTokensSaved(clock.instant(), tokens));
    }
  }

  @Override
  public void setInstallerPending(boolean pending) {
    InstallerFlag wanted = InstallerFlag.of(pending);
    if (state.get().installerFlag() == wanted) {
      return;
    }
    db.exclusively(
        () -> {
          if (state.get().installerFlag() != wanted) {
            db.write(
                "set installer_heartbeat_pending",
                c -> {
                  try (PreparedStatement set =
                      c.prepareStatement(
                          "UPDATE activation SET installer_heartbeat_pending = ? WHERE id = 1")) {
                    set.setInt(1, pending ? 1 : 0);
                    return requireRow(set.executeUpdate());
                  }
                });
            state.updateAndGet(s -> s.withInstallerPending(pending));
          }
          return null;
        });
  }

  @Override
  public boolean isInstallerPending() {
    return state.get().installerFlag() == InstallerFlag.PENDING;
  }

  @Override
  public boolean isInstallerFlagEverSet() {
    return state.get().installerFlag() != InstallerFlag.NEVER_SET;
  }

  /** Writes counters and client names changed since the last write; a no-op when closed. */
  void flush() {
    db.exclusively(
        () -> {
          if (!db.isOpen()) {
            return null;
          }
          StoredActivation current = state.get();
          if (sameCounters(current, persisted)) {
            return null;
          }
          db.write("write activation counters", c -> writeCounters(c, current));
          persisted = current;
          counterWrites.incrementAndGet();
          return null;
        });
  }

  /** How many times counters were written by a flush; for tests of write coalescing. */
  long counterWrites() {
    return counterWrites.get();
  }

  private void update(UnaryOperator<StoredActivation> change) {
    StoredActivation current;
    StoredActivation next;
    do {
      current = state.get();
      next = change.apply(current);
      if (next == current) {
        return;
      }
    } while (!state.compareAndSet(current, next));
    requestFlush();
  }

  private void requestFlush() {
    // Check before the compare-and-set so a busy caller reads a shared line instead of writing it.
    if (flushScheduled.get() || !db.isOpen() || !flushScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      flushExecutor.schedule(this::flushOnSchedule, flushDelayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The flag stays set: nothing more is scheduled, and close() still writes the state.
      if (!db.isOpen()) {
        return;
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "telemetry database {0}: flush executor refused work; activation counters are written"
              + " on close only",
          db.file());
    }
  }

  private void flushOnSchedule() {
    // Cleared before reading the state: a change after this point schedules another flush.
    flushScheduled.set(false);
    try {
      flush();
    } catch (StoreException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not write activation counters; retrying on the next change or on close: {0}",
          e.getMessage());
    }
  }

  private void markFlag(
      String column, Predicate<StoredActivation> isSet, UnaryOperator<StoredActivation> set) {
    if (isSet.test(state.get())) {
      return;
    }
    db.exclusively(
        () -> {
          if (!isSet.test(state.get())) {
            db.write(
                "mark " + column,
                c -> {
                  try (Statement mark = c.createStatement()) {
                    return requireRow(
                        mark.executeUpdate(
                            "UPDATE activation SET " + column + " = 1 WHERE id = 1"));
                  }
                });
            state.updateAndGet(set);
          }
          return null;
        });
  }

  private static boolean sameCounters(StoredActivation a, StoredActivation b) {
    return a.retrieveToolsCalls().equals(b.retrieveToolsCalls())
        && a.tokensSaved().equals(b.tokensSaved())
        && a.mcpClientsSeenEver().equals(b.mcpClientsSeenEver());
  }

  private Void writeCounters(Connection c, StoredActivation s) throws SQLException {
    try (PreparedStatement write =
        c.prepareStatement(
            "UPDATE activation SET mcp_clients_seen_ever = ?,"
                + " retrieve_tools_window_start = ?, retrieve_tools_window_count = ?,"
                + " tokens_saved_window_start = ?, tokens_saved_window_count = ?"
                + " WHERE id = 1")) {
      bindCounters(write, 1, s);
      return requireRow(write.executeUpdate());
    }
  }

  private Void writeAll(Connection c, StoredActivation s) throws SQLException {
    try (PreparedStatement write =
        c.prepareStatement(
            "UPDATE activation SET mcp_clients_seen_ever = ?,"
                + " retrieve_tools_window_start = ?, retrieve_tools_window_count = ?,"
                + " tokens_saved_window_start = ?, tokens_saved_window_count = ?,"
                + " first_connected_server_ever = MAX(first_connected_server_ever, ?),"
                + " first_mcp_client_ever = MAX(first_mcp_client_ever, ?),"
                + " first_retrieve_tools_call_ever = MAX(first_retrieve_tools_call_ever, ?)"
                + " WHERE id = 1")) {
      int next = bindCounters(write, 1, s);
      write.setInt(next, s.firstConnectedServerEver() ? 1 : 0);
      write.setInt(next + 1, s.firstMcpClientEver() ? 1 : 0);
      write.setInt(next + 2, s.firstRetrieveToolsCallEver() ? 1 : 0);
      return requireRow(write.executeUpdate());
    }
  }

  private int bindCounters(PreparedStatement write, int first, StoredActivation s)
      throws SQLException {
    try {
      write.setString(first, json.writeValueAsString(s.mcpClientsSeenEver()));
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot encode client names as JSON", e);
    }
    int next = bindWindow(write, first + 1, s.retrieveToolsCalls());
    return bindWindow(write, next, s.tokensSaved());
  }

  private static int bindWindow(PreparedStatement write, int index, TumblingWindow window)
      throws SQLException {
    if (window.start() == null) {
      write.setNull(index, Types.VARCHAR);
    } else {
      write.setString(index, window.start().toString());
    }
    write.setLong(index + 1, window.count());
    return index + 2;
  }

  private static Void requireRow(int updated) throws SQLException {
    if (updated != 1) {
      throw new SQLException("the activation row is missing");
    }
    return null;
  }

  private static StoredActivation readRow(Connection c, ObjectMapper json) throws SQLException {
    try (Statement query = c.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT first_connected_server_ever, first_mcp_client_ever,"
                    + " first_retrieve_tools_call_ever, mcp_clients_seen_ever,"
                    + " retrieve_tools_window_start, retrieve_tools_window_count,"
                    + " tokens_saved_window_start, tokens_saved_window_count,"
                    + " installer_heartbeat_pending FROM activation WHERE id = 1")) {
      if (!row.next()) {
        throw new SQLException("the activation row is missing");
      }
      int installer = row.getInt(9);
      InstallerFlag installerFlag =
          row.wasNull()
              ? InstallerFlag.NEVER_SET
              : installer != 0 ? InstallerFlag.PENDING : InstallerFlag.CLEARED;
      return new StoredActivation(
          row.getInt(1) != 0,
          row.getInt(2) != 0,
          row.getInt(3) != 0,
          clients(row.getString(4), json),
          window("retrieve_tools_window", row.getString(5), row.getLong(6)),
          window("tokens_saved_window", row.getString(7), row.getLong(8)),
          installerFlag);
    }
  }

  private static List<String> clients(String text, ObjectMapper json) throws SQLException {
    if (text == null) {
      return List.of();
    }
    try {
      String[] names = json.readValue(text, String[].class);
      return names == null ? List.of() : StoredActivation.sanitizedClients(Arrays.asList(names));
    } catch (JsonProcessingException e) {
      throw new SQLException("column mcp_clients_seen_ever holds no JSON array of names", e);
    }
  }

  private static TumblingWindow window(String column, String start, long count)
      throws SQLException {
    Instant opened = Columns.instant(column + "_start", start);
    if (count < 0 || (opened == null && count != 0)) {
      throw new SQLException(
          "columns " + column + "_start/_count hold an impossible window: " + start + ", " + count);
    }
    return opened == null ? TumblingWindow.empty() : new TumblingWindow(opened, count);
  }
}
