package app.mcpproxy.telemetry.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Reads and writes a database file directly, beside the code under test, as a second process would.
 */
final class RawDatabase {
  private RawDatabase() {}

  /** Returns the first column of the first row of a query, as text; {@code null} for SQL NULL. */
  static String query(Path file, String sql) throws SQLException {
    try (Connection connection = connect(file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      if (!row.next()) {
        throw new AssertionError("no row for " + sql);
      }
      return row.getString(1);
    }
  }

  /** Runs one statement. */
  static void execute(Path file, String sql) throws SQLException {
    try (Connection connection = connect(file);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + file);
  }
}
