package app.mcpproxy.telemetry.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the raw JSON of install-days ({@code raw_heartbeats}) for a window of days. On PostgreSQL
 * the table has one partition per day: the partitions of the next days are created ahead and a day
 * that leaves the window is dropped whole; a row of a day that had no partition yet sits in the
 * default partition and is deleted from there. SQLite deletes the day's rows. Safe on every
 * collector sharing a database at once: PostgreSQL's changes run under one advisory lock.
 */
public final class RawWindow {
  /** Days created ahead of today, so that no writer waits for a partition at midnight. */
  static final int DAYS_AHEAD = 3;

  /**
   * A day's raw row (about 2.5 KB) is rewritten by each heartbeat of the install that day:
   * half-empty pages let the new version land beside the old one, an update that adds no index
   * entry and whose old version is pruned in place.
   */
  static final int FILLFACTOR = 50;

  private static final String PARTITION_PREFIX = "raw_heartbeats_";
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

  private RawWindow() {}

  /**
   * Creates the partitions of yesterday, today and the next days where missing (PostgreSQL only).
   *
   * @param connection a connection in auto-commit mode
   * @param today the UTC day it is
   * @return the days whose partition could not be created (their rows stay in the default one)
   * @throws SQLException when the database fails
   */
  public static List<LocalDate> createAhead(Connection connection, LocalDate today)
      throws SQLException {
    List<LocalDate> failed = new ArrayList<>();
    if (!isPostgreSql(connection)) {
      return failed;
    }
    for (LocalDate day = today.minusDays(1);
        !day.isAfter(today.plusDays(DAYS_AHEAD));
        day = day.plusDays(1)) {
      long epochDay = day.toEpochDay();
      try {
        inLockedTransaction(
            connection,
            statement ->
                statement.execute(
                    "CREATE TABLE IF NOT EXISTS "
                        + partition(epochDay)
                        + " PARTITION OF raw_heartbeats FOR VALUES FROM ("
                        + epochDay
                        + ") TO ("
                        + (epochDay + 1)
                        + ") WITH (fillfactor = "
                        + FILLFACTOR
                        + ")"));
      } catch (SQLException e) {
        // The default partition already holds rows of that day; they age out from there.
        failed.add(day);
      }
    }
    return failed;
  }

  /**
   * Drops the raw JSON of every day before {@code firstKept}.
   *
   * @param connection a connection in auto-commit mode
   * @param firstKept the first day whose raw JSON is kept
   * @return the number of partitions dropped (PostgreSQL) or rows deleted (SQLite)
   * @throws SQLException when the database fails
   */
  public static int dropBefore(Connection connection, LocalDate firstKept) throws SQLException {
    long firstKeptDay = firstKept.toEpochDay();
    if (!isPostgreSql(connection)) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM raw_heartbeats WHERE day < ?")) {
        delete.setLong(1, firstKeptDay);
        return delete.executeUpdate();
      }
    }
    List<String> old = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'raw_heartbeats'::regclass");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String name = rows.getString(1);
        LocalDate day = dayOf(name);
        if (day != null && day.isBefore(firstKept)) {
          old.add(name);
        }
      }
    }
    for (String name : old) {
      inLockedTransaction(
          connection, statement -> statement.execute("DROP TABLE IF EXISTS " + name));
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM raw_heartbeats_default WHERE day < ?")) {
      delete.setLong(1, firstKeptDay);
      delete.executeUpdate();
    }
    return old.size();
  }

  static String partition(long epochDay) {
    return PARTITION_PREFIX + LocalDate.ofEpochDay(epochDay).format(SUFFIX);
  }

  private static @Nullable LocalDate dayOf(String partition) {
    if (!partition.startsWith(PARTITION_PREFIX)) {
      return null;
    }
    try {
      return LocalDate.parse(partition.substring(PARTITION_PREFIX.length()), SUFFIX);
    } catch (DateTimeParseException e) {
      // The default partition, or a table someone else attached.
      return null;
    }
  }

  private interface Ddl {
    void run(Statement statement) throws SQLException;
  }

  /**
   * Runs DDL in its own transaction under the partitions' advisory lock; it waits at most a few
   * seconds for writers to let go of the table rather than stalling them behind it.
   */
  private static void inLockedTransaction(Connection connection, Ddl ddl) throws SQLException {
    Transaction.run(
        connection,
        c -> {
          try (Statement statement = c.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '5s'");
            try (ResultSet lock =
                statement.executeQuery(
                    "SELECT " + AdvisoryLocks.lock(String.valueOf(AdvisoryLocks.PARTITIONS)))) {
              lock.next();
            }
            ddl.run(statement);
          }
        });
  }

  private static boolean isPostgreSql(Connection connection) throws SQLException {
    return connection.getMetaData().getURL().startsWith(DatabaseVendor.POSTGRESQL.urlPrefix());
  }
}
