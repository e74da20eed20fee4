package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.collector.CollectorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorDatabaseTest {
  @TempDir Path directory;

  @Test
  void makesEverySqliteCommitDurable() throws SQLException {
    Path file = directory.resolve("nested/dir/collector.db");
    try (CollectorDatabase database = CollectorDatabase.open(CollectorOptions.sqliteUrl(file));
        Connection connection = database.connection()) {
      assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(connection, "synchronous")).isEqualTo("2");
      assertThat(database.vendor()).isEqualTo(DatabaseVendor.SQLITE);
    }
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void migratesOnceAndOpensAgainWithoutChanges() throws SQLException {
    String url = CollectorOptions.sqliteUrl(directory.resolve("collector.db"));
    int applied;
    try (CollectorDatabase database = CollectorDatabase.open(url)) {
      applied = appliedMigrations(database);
    }

    try (CollectorDatabase database = CollectorDatabase.open(url)) {
      assertThat(appliedMigrations(database)).isEqualTo(applied).isPositive();
    }
  }

  private static int appliedMigrations(CollectorDatabase database) throws SQLException {
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"
                    + " AND version IS NOT NULL")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void refusesADatabaseItDoesNotSupport() {
    assertThatThrownBy(() -> CollectorDatabase.open("jdbc:h2:mem:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:h2:");
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
