package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite::memory:");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void preparesEachStatementOnce() throws SQLException {
    try (StatementCache cache = new StatementCache(connection, 4)) {
      PreparedStatement first = cache.prepared("SELECT ?");
      first.setInt(1, 7);
      assertThat(valueOf(first)).isEqualTo(7);

      PreparedStatement again = cache.prepared("SELECT ?");

      assertThat(again).isSameAs(first);
      again.setInt(1, 8);
      assertThat(valueOf(again)).isEqualTo(8);
    }
  }

  @Test
  void closesTheLeastRecentlyUsedStatementPastItsCapacity() throws SQLException {
    try (StatementCache cache = new StatementCache(connection, 2)) {
      PreparedStatement one = cache.prepared("SELECT 1");
      PreparedStatement two = cache.prepared("SELECT 2");
      assertThat(cache.prepared("SELECT 1")).isSameAs(one);

      PreparedStatement three = cache.prepared("SELECT 3");

      assertThat(two.isClosed()).isTrue();
      assertThat(one.isClosed()).isFalse();
      assertThat(three.isClosed()).isFalse();
      assertThat(cache.size()).isEqualTo(2);
      assertThat(cache.prepared("SELECT 2")).isNotSameAs(two);
    }
  }

  @Test
  void closingClosesTheStatementsAndLeavesTheConnectionOpen() throws SQLException {
    StatementCache cache = new StatementCache(connection, 4);
    PreparedStatement statement = cache.prepared("SELECT 1");

    cache.close();

    assertThat(statement.isClosed()).isTrue();
    assertThat(cache.size()).isZero();
    assertThat(connection.isClosed()).isFalse();
  }

  @Test
  void knowsWhichConnectionItsStatementsBelongTo() throws SQLException {
    try (Connection other = DriverManager.getConnection("jdbc:sqlite::memory:");
        StatementCache cache = new StatementCache(connection, 1)) {
      assertThat(cache.isFor(connection)).isTrue();
      assertThat(cache.isFor(other)).isFalse();
    }
  }

  @Test
  void refusesSqlTheDatabaseRefusesAndKeepsNothingOfIt() throws SQLException {
    try (StatementCache cache = new StatementCache(connection, 2)) {
      assertThatThrownBy(() -> cache.prepared("SELEC 1")).isInstanceOf(SQLException.class);
      assertThat(cache.size()).isZero();
    }
  }

  @Test
  void refusesACapacityBelowOne() {
    assertThatThrownBy(() -> new StatementCache(connection, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }

  private static int valueOf(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
