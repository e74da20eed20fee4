package app.mcpproxy.telemetry.collector.storage;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Statements kept prepared on one connection, so that the writer compiles each of its statements
 * once rather than once per batch (SQLite's driver keeps no cache of its own, and the pool closes a
 * connection's statements when it is given back). The least recently used statement is closed past
 * the capacity. A caller never closes a statement it got here; after a failed transaction the whole
 * cache is closed, so that no statement carries a half-built batch into the next one.
 */
final class StatementCache implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StatementCache.class.getName());

  private final Connection connection;
  private final int capacity;
  private final LinkedHashMap<String, PreparedStatement> statements;

  StatementCache(Connection connection, int capacity) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.statements = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** Whether the statements were prepared on this connection. */
  boolean isFor(Connection other) {
    return connection == other;
  }

  /**
   * The statement for some SQL, prepared on first use.
   *
   * @param sql the statement's SQL
   * @return the open statement, parameters and batch empty
   * @throws SQLException when the database refuses the SQL
   */
  PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement != null) {
      return statement;
    }
    statement = connection.prepareStatement(sql);
    statements.put(sql, statement);
    if (statements.size() > capacity) {
      Iterator<PreparedStatement> eldest = statements.values().iterator();
      closeQuietly(eldest.next());
      eldest.remove();
    }
    return statement;
  }

  int size() {
    return statements.size();
  }

  /** Closes every statement; the connection stays open. */
  @Override
  public void close() {
    statements.values().forEach(StatementCache::closeQuietly);
    statements.clear();
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      // Closing frees memory only; a statement that cannot close is dropped all the same.
      LOG.log(Level.DEBUG, "closing a cached statement failed: " + e.getMessage());
    }
  }
}
