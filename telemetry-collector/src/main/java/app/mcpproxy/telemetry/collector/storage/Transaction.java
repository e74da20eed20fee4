package app.mcpproxy.telemetry.collector.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One unit of work in its own transaction: committed when the work returns, rolled back when it
 * throws, and the connection's auto-commit left as it was, so a pooled connection goes back
 * unchanged.
 */
final class Transaction {
  private Transaction() {}

  /** Work done inside the transaction. */
  @FunctionalInterface
  interface Work {
    void run(Connection connection) throws SQLException;
  }

  static void run(Connection connection, Work work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      work.run(connection);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
