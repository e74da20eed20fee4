package app.mcpproxy.telemetry.collector.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The collector's database, SQLite or PostgreSQL, behind one small connection pool and migrated to
 * the current schema when opened.
 */
public final class CollectorDatabase implements AutoCloseable {
  static final String MIGRATIONS = "classpath:app/mcpproxy/telemetry/collector/migration";
  private static final int POOL_SIZE = 4;

  private final DatabaseVendor vendor;
  private final HikariDataSource dataSource;

  private CollectorDatabase(DatabaseVendor vendor, HikariDataSource dataSource) {
    this.vendor = vendor;
    this.dataSource = dataSource;
  }

  /**
   * Opens the database and applies every pending migration.
   *
   * @param jdbcUrl {@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}
   * @return the open database
   */
  public static CollectorDatabase open(String jdbcUrl) {
    DatabaseVendor vendor = DatabaseVendor.of(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("collector-db");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    switch (vendor) {
      case SQLITE -> config.setDataSource(sqlite(jdbcUrl));
      case POSTGRESQL -> {
        config.setJdbcUrl(jdbcUrl);
        // Sends a batch of upserts as multi-row statements; a batch never holds one key twice.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // The collector's reads are short index scans that the planner prices high on a big
        // table; compiling them (JIT) took longer than running them.
        config.setConnectionInitSql("SET jit = off");
      }
    }
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      // Common migrations, plus the few whose DDL differs by database.
      Flyway.configure()
          .dataSource(dataSource)
          .locations(MIGRATIONS, MIGRATIONS + "-" + vendor.name().toLowerCase(Locale.ROOT))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new CollectorDatabase(vendor, dataSource);
  }

  private static SQLiteDataSource sqlite(String jdbcUrl) {
    createParentDirectory(jdbcUrl.substring(DatabaseVendor.SQLITE.urlPrefix().length()));
    SQLiteConfig config = new SQLiteConfig();
    // WAL lets readers run beside the writer; FULL makes every commit durable on return.
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(jdbcUrl);
    return dataSource;
  }

  private static void createParentDirectory(String location) {
    String file = location.startsWith("file:") ? location.substring("file:".length()) : location;
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.isEmpty() || file.startsWith(":memory:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create database directory " + parent, e);
    }
  }

  public DatabaseVendor vendor() {
    return vendor;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /**
   * Cancels what a connection of this pool is running, from another thread: PostgreSQL is sent a
   * cancel request, SQLite is interrupted. The statement then fails on its own thread.
   *
   * @param connection a connection taken from {@link #connection()}
   * @throws SQLException when the cancel cannot be sent
   */
  public void cancel(Connection connection) throws SQLException {
    switch (vendor) {
      case SQLITE -> connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
      case POSTGRESQL -> connection.unwrap(PGConnection.class).cancelQuery();
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
