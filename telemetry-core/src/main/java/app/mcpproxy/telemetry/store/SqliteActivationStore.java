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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The activation store on the {@code activation} row of {@code telemetry.db}.
 *
 * <p>The state lives in memory. Counters and client names change there only, with one
 * compare-and-set, and a flush task on the flush executor writes them within the flush delay, so a
 * burst of calls costs one write. Flags and the installer flag are written at once, before the call
 * returns. Every write reads the row and adds this process's changes since its last write to it in
 * one transaction (flags or-ed, names appended, window increments added), so processes sharing the
 * file never overwrite each other; the memory then holds the merged row plus what changed since.
 *
 * <p>No method throws for the disk: a write that fails is kept in memory and retried by the flush
 * task until the disk works again. The connection may change (the file was replaced); the store
 * then writes everything it holds into the new one.
 */
final class SqliteActivationStore implements ActivationStore {
  private static final System.Logger LOG = System.getLogger(SqliteActivationStore.class.getName());

  /** Where the store finds its database. */
  interface Connections {
    /**
     * Returns the open connection and its generation, which changes when the file is reopened.
     *
     * @throws StoreException when no database can be had now
     */
    Handle current();

    /** Tells whether writes may still be scheduled; {@code false} once closed for good. */
    boolean isOpen();
  }

  /** A connection and the generation it belongs to. */
  record Handle(SqliteConnection connection, long generation) {}

  private final Connections connections;
  private final Clock clock;
  private final ScheduledExecutorService flushExecutor;
  private final long flushDelayNanos;
  private final ObjectMapper json;
  private final AtomicReference<StoredActivation> state;
  // retrieve_tools calls made while the window was open, not yet folded into the state.
  private final LongAdder retrieveToolsCallsInWindow = new LongAdder();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicLong counterWrites = new AtomicLong();
  private final Object flushLock = new Object();
  private final AtomicBoolean failing = new AtomicBoolean();
  private StoredActivation base; // the row as last read or written; guarded by flushLock
  private long baseGeneration; // guarded by flushLock

  private SqliteActivationStore(
      Connections connections,
      Clock clock,
      ScheduledExecutorService flushExecutor,
      Duration flushDelay,
      ObjectMapper json,
      StoredActivation loaded,
      long generation) {
    this.connections = connections;
    this.json = json;
    this.clock = clock;
    this.flushExecutor = flushExecutor;
    this.flushDelayNanos = flushDelay.toNanos();
    this.state = new AtomicReference<>(loaded);
    this.base = loaded;
    this.baseGeneration = generation;
  }

  /** Loads the stored state and returns a store over it. */
  static SqliteActivationStore open(
      SqliteConnection db,
      Clock clock,
      ScheduledExecutorService flushExecutor,
      Duration flushDelay) {
    ObjectMapper json = new ObjectMapper();
    StoredActivation loaded = db.read("load activation state", c -> readRow(c, json));
    Connections fixed =
        new Connections() {
          @Override
          public Handle current() {
            return new Handle(db, 0);
          }

          @Override
          public boolean isOpen() {
            return db.isOpen();
          }
        };
    return new SqliteActivationStore(fixed, clock, flushExecutor, flushDelay, json, loaded, 0);
  }

  /**
   * Returns a store that starts empty and merges into whatever database {@code connections} has;
   * nothing is read until the first {@link #flush()}.
   */
  static SqliteActivationStore detached(
      Connections connections,
      Clock clock,
      ScheduledExecutorService flushExecutor,
      Duration flushDelay) {
    return new SqliteActivationStore(
        connections,
        clock,
        flushExecutor,
        flushDelay,
        new ObjectMapper(),
        StoredActivation.empty(),
        -1);
  }

  @Override
  public ActivationState load() {
    foldRetrieveToolsCalls();
    return current().toState(clock.instant());
  }

  @Override
  public void save(ActivationState saved) {
    Objects.requireNonNull(saved, "state");
    synchronized (flushLock) {
      Instant now = clock.instant();
      StoredActivation.empty().mergedWith(saved, now); // rejects a bad state before any change
      foldRetrieveToolsCalls();
      flushQuietly();
      StoredActivation merged = state.updateAndGet(s -> s.mergedWith(saved, now));
      try {
        Handle handle = connections.current();
        handle.connection().write("save activation state", c -> writeAll(c, merged));
        base = merged;
        baseGeneration = handle.generation();
        failing.set(false);
      } catch (StoreException e) {
        failed(e);
        requestFlush();
      }
    }
  }

  @Override
  public void clear() {
    synchronized (flushLock) {
      flushQuietly();
      retrieveToolsCallsInWindow.reset();
      StoredActivation cleared = state.updateAndGet(StoredActivation::cleared);
      try {
        Handle handle = connections.current();
        handle
            .connection()
            .change(
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
                });
        base = cleared;
        baseGeneration = handle.generation();
        failing.set(false);
      } catch (StoreException e) {
        failed(e);
        requestFlush();
      }
    }
  }

  @Override
  public void markFirstConnectedServer() {
    markFlag(
        StoredActivation::firstConnectedServerEver, StoredActivation::withFirstConnectedServer);
  }

  @Override
  public void markFirstMcpClient() {
    markFlag(StoredActivation::firstMcpClientEver, StoredActivation::withFirstMcpClient);
  }

  @Override
  public void markFirstRetrieveToolsCall() {
    markFlag(
        StoredActivation::firstRetrieveToolsCallEver, StoredActivation::withFirstRetrieveToolsCall);
  }

  @Override
  public void recordMcpClient(String name) {
    update(current -> current.withMcpClient(name));
  }

  @Override
  public void incrementRetrieveToolsCall() {
    // The call a host makes on every tool call: while the window is open it allocates nothing.
    if (current().retrieveToolsWindowOpenAt(clock.millis())) {
      retrieveToolsCallsInWindow.increment();
      requestFlush();
      return;
    }
    foldRetrieveToolsCalls();
    update(current -> current.withRetrieveToolsCall(clock.instant()));
  }

  private void foldRetrieveToolsCalls() {
    long calls = retrieveToolsCallsInWindow.sumThenReset();
    if (calls > 0) {
      state.updateAndGet(current -> current.withRetrieveToolsCallsInWindow(calls, clock.instant()));
    }
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
    if (current().installerFlag() == wanted) {
      return;
    }
    state.updateAndGet(s -> s.withInstallerPending(pending));
    flushQuietly();
  }

  @Override
  public boolean isInstallerPending() {
    return current().installerFlag() == InstallerFlag.PENDING;
  }

  @Override
  public boolean isInstallerFlagEverSet() {
    return current().installerFlag() != InstallerFlag.NEVER_SET;
  }

  /**
   * Adds what changed in memory since the last write to the row, in one transaction, and takes the
   * merged row as the new state; reads the row first when the database is new to this store.
   *
   * @throws StoreException when the database cannot be had, read or written
   */
  void flush() {
    write(false);
  }

  /**
   * Like {@link #flush()}, and reads the row even when nothing changed here, so that the state
   * includes what other processes wrote.
   *
   * @throws StoreException when the database cannot be had, read or written
   */
  void refresh() {
    write(true);
  }

  private void write(boolean evenIfUnchanged) {
    synchronized (flushLock) {
      foldRetrieveToolsCalls();
      StoredActivation view = current();
      Handle handle = connections.current();
      boolean sameDatabase = handle.generation() == baseGeneration;
      StoredActivation from = sameDatabase ? base : StoredActivation.empty();
      if (sameDatabase && view.equals(from) && !evenIfUnchanged) {
        return;
      }
      Instant now = clock.instant();
      StoredActivation merged =
          handle
              .connection()
              .write(
                  "write activation state",
                  c -> {
                    StoredActivation row = readRow(c, json);
                    StoredActivation result = ActivationChanges.apply(from, view, row, now);
                    if (!result.equals(row)) {
                      writeAll(c, result);
                    }
                    return result;
                  });
      base = merged;
      baseGeneration = handle.generation();
      state.updateAndGet(current -> ActivationChanges.apply(view, current, merged, now));
      if (!view.equals(from)) {
        counterWrites.incrementAndGet();
      }
      if (failing.compareAndSet(true, false)) {
        LOG.log(System.Logger.Level.INFO, "activation state written again after a failure");
      }
    }
  }

  private StoredActivation current() {
    return Objects.requireNonNull(state.get(), "the state is never cleared to null");
  }

  /** Tells whether memory holds changes the database has not got yet. */
  boolean hasUnwrittenChanges() {
    synchronized (flushLock) {
      foldRetrieveToolsCalls();
      return !current().equals(base);
    }
  }

  /** How many times counters were written by a flush; for tests of write coalescing. */
  long counterWrites() {
    return counterWrites.get();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (StoreException e) {
      failed(e);
      requestFlush();
    }
  }

  private void failed(StoreException e) {
    if (failing.compareAndSet(false, true)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "activation state kept in memory, retried until the disk works: {0}",
          e.getMessage());
    }
  }

  @SuppressWarnings("ReferenceEquality") // a change that returns its input changed nothing
  private void update(UnaryOperator<StoredActivation> change) {
    StoredActivation current;
    StoredActivation next;
    do {
      current = current();
      next = change.apply(current);
      if (next == current) {
        return;
      }
    } while (!state.compareAndSet(current, next));
    requestFlush();
  }

  private void requestFlush() {
    // Check before the compare-and-set so a busy caller reads a shared line instead of writing it.
    if (flushScheduled.get()
        || !connections.isOpen()
        || !flushScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      // The flush reports its own failures; nothing waits for it.
      var unused =
          flushExecutor.schedule(this::flushOnSchedule, flushDelayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The flag stays set: nothing more is scheduled, and close() still writes the state.
      if (!connections.isOpen()) {
        return;
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "telemetry database: flush executor refused work; activation counters are written"
              + " on close only");
    }
  }

  private void flushOnSchedule() {
    // Cleared before reading the state: a change after this point schedules another flush.
    flushScheduled.set(false);
    if (!connections.isOpen()) {
      return;
    }
    flushQuietly();
  }

  private void markFlag(Predicate<StoredActivation> isSet, UnaryOperator<StoredActivation> set) {
    if (isSet.test(current())) {
      return;
    }
    state.updateAndGet(set);
    flushQuietly();
  }

  private Void writeAll(Connection c, StoredActivation s) throws SQLException {
    try (PreparedStatement write =
        c.prepareStatement(
            "UPDATE activation SET mcp_clients_seen_ever = ?,"
                + " retrieve_tools_window_start = ?, retrieve_tools_window_count = ?,"
                + " tokens_saved_window_start = ?, tokens_saved_window_count = ?,"
                + " first_connected_server_ever = MAX(first_connected_server_ever, ?),"
                + " first_mcp_client_ever = MAX(first_mcp_client_ever, ?),"
                + " first_retrieve_tools_call_ever = MAX(first_retrieve_tools_call_ever, ?),"
                + " installer_heartbeat_pending = ?"
                + " WHERE id = 1")) {
      int next = bindCounters(write, 1, s);
      write.setInt(next, s.firstConnectedServerEver() ? 1 : 0);
      write.setInt(next + 1, s.firstMcpClientEver() ? 1 : 0);
      write.setInt(next + 2, s.firstRetrieveToolsCallEver() ? 1 : 0);
      switch (s.installerFlag()) {
        case NEVER_SET:
          write.setNull(next + 3, Types.INTEGER);
          break;
        case PENDING:
          write.setInt(next + 3, 1);
          break;
        default:
          write.setInt(next + 3, 0);
      }
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
