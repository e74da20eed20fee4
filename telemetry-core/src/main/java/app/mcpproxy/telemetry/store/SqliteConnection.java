package app.mcpproxy.telemetry.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The single JDBC connection to {@code telemetry.db}, used by one thread at a time.
 *
 * <p>Every use holds one lock; writes run in {@code BEGIN IMMEDIATE} transactions, so a second
 * process waits for the write lock instead of failing half-way, and read-modify-write sequences are
 * atomic across processes. Failures surface as {@link StoreException} naming the file and the
 * operation.
 */
final class SqliteConnection {
  /** How long a writer waits for another process to release the write lock. */
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private static final System.Logger LOG = System.getLogger(SqliteConnection.class.getName());

  /** Work done with the connection while the lock is held. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** A change made with the connection while the lock is held; it has no result. */
  @FunctionalInterface
  interface Change {
    void run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  // Written under the lock; volatile so isOpen() never waits for a write in progress.
  private volatile @Nullable Connection connection; // null once closed

  private SqliteConnection(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens or creates the database file, in WAL mode with fully synchronous commits.
   *
   * <p>A new file is created readable by its owner only. A file that is not a SQLite database is
   * reported and left as it is.
   */
  static SqliteConnection open(Path file) {
    createPrivateFile(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    Connection connection;
    try {
      connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw openFailure(file, e);
    }
    try {
      enableWriteAheadLog(file, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw openFailure(file, e);
    }
    return new SqliteConnection(file, connection);
  }

  Path file() {
    return file;
  }

  /** Tells whether the connection is open; never blocks. */
  boolean isOpen() {
    return connection != null;
  }

  /** Runs a statement or a query outside an explicit transaction. */
  <T> T read(String operation, Work<T> work) {
    lock.lock();
    try {
      Connection open = requireOpen(operation);
      try {
        return work.run(open);
      } catch (SQLException e) {
        throw failure(operation, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs work in one {@code BEGIN IMMEDIATE} transaction, rolled back if anything fails. */
  <T> T write(String operation, Work<T> work) {
    lock.lock();
    try {
      Connection open = requireOpen(operation);
      try (Statement statement = open.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        try {
          T result = work.run(open);
          statement.execute("COMMIT");
          return result;
        } catch (SQLException | RuntimeException e) {
          rollback(statement, e);
          throw e;
        }
      } catch (SQLException e) {
        throw failure(operation, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs a change in one {@code BEGIN IMMEDIATE} transaction, rolled back if anything fails. */
  void change(String operation, Change change) {
    write(
        operation,
        connection -> {
          change.run(connection);
          return Boolean.TRUE;
        });
  }

  /** Runs an action holding the connection lock, so it is ordered with every other use. */
  <T> T exclusively(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the connection; later uses fail, a second close does nothing. */
  void close() {
    lock.lock();
    try {
      if (connection == null) {
        return;
      }
      Connection closing = connection;
      connection = null;
      try {
        closing.close();
      } catch (SQLException e) {
        throw failure("close", e);
      }
    } finally {
      lock.unlock();
    }
  }

  StoreException failure(String operation, Exception cause) {
    return new StoreException(file, operation, cause.getMessage(), cause);
  }

  private Connection requireOpen(String operation) {
    if (connection == null) {
      throw new StoreException(file, operation, "the database is closed", null);
    }
    return connection;
  }

  private static void rollback(Statement statement, Exception cause) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  private static void createPrivateFile(Path file) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new StoreException(file, "create data directory", e.toString(), e);
    }
    if (Files.exists(file)) {
      return;
    }
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // SQLite gives its -wal and -shm files the main file's permissions.
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      // Another process created it first; open that one.
    } catch (IOException e) {
      throw new StoreException(file, "create database file", e.toString(), e);
    }
  }

  private static void enableWriteAheadLog(Path file, Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
      String actual = mode.next() ? mode.getString(1) : "";
      if (!"wal".equalsIgnoreCase(actual)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "telemetry database {0}: write-ahead logging unavailable, journal mode is {1}",
            file,
            actual);
      }
    }
  }

  private static StoreException openFailure(Path file, SQLException e) {
    if (e instanceof SQLiteException sqliteException
        && sqliteException.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
      return new StoreException(
          file,
          "open",
          "the file is not a SQLite database; it was left untouched, move it aside to start afresh",
          e);
    }
    return new StoreException(file, "open", e.getMessage(), e);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a database that failed to open", e);
    }
  }
}
