package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test: a SQLite file in a temporary directory, or a new schema in
 * the PostgreSQL named by {@value #POSTGRES_URL_VARIABLE}, dropped again on close. The collector's
 * databases opened on it by {@link #openCollector()} are closed first.
 */
public final class TestDatabase implements AutoCloseable {
  static final String POSTGRES_URL_VARIABLE = "TELEMETRY_TEST_PG_URL";

  /** The database products the collector supports. */
  public enum Kind {
    SQLITE,
    POSTGRESQL;

    /** Tells whether this product can be tested on this machine. */
    public boolean available() {
      return this == SQLITE || postgresUrl() != null;
    }

    public String skipReason() {
      return "PostgreSQL tests skipped: set "
          + POSTGRES_URL_VARIABLE
          + " to a jdbc:postgresql:// URL with user and password (CI does)";
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;
  private final String jdbcUrl;
  private final String schema;
  private final List<CollectorDatabase> collectors = new ArrayList<>();

  private TestDatabase(Kind kind, String jdbcUrl, String schema) {
    this.kind = kind;
    this.jdbcUrl = jdbcUrl;
    this.schema = schema;
  }

  public static TestDatabase create(Kind kind, Path directory) throws SQLException {
    if (kind == Kind.SQLITE) {
      return new TestDatabase(
          kind, CollectorOptions.sqliteUrl(directory.resolve("collector-test.db")), null);
    }
    String base = postgresUrl();
    String schema = "collector_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(base);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase(kind, url, schema);
  }

  Kind kind() {
    return kind;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Opens a connection of its own, to inspect what the collector stored. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl);
  }

  /** Opens the collector's database on it, migrated, to be closed with it. */
  public CollectorDatabase openCollector() {
    CollectorDatabase collector = CollectorDatabase.open(jdbcUrl);
    collectors.add(collector);
    return collector;
  }

  @Override
  public void close() throws SQLException {
    collectors.forEach(CollectorDatabase::close);
    collectors.clear();
    if (schema != null) {
      try (Connection connection = DriverManager.getConnection(postgresUrl());
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static String postgresUrl() {
    String url = System.getenv(POSTGRES_URL_VARIABLE);
    return url == null || url.isBlank() ? null : url;
  }
}
