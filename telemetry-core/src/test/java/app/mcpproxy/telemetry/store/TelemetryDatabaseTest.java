package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryDatabaseTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();

  private Path file() {
    return dataDir.resolve(TelemetryDatabase.FILE_NAME);
  }

  @Nested
  class Open {
    @Test
    void createsMissingDirectoriesAndTheFile() {
      Path nested = dataDir.resolve("a").resolve("b");

      try (TelemetryDatabase database = TelemetryDatabase.open(nested, clock)) {
        assertThat(database.file()).isEqualTo(nested.resolve("telemetry.db"));
        assertThat(database.file()).isRegularFile();
      }
    }

    @Test
    void usesWriteAheadLoggingAndRecordsTheSchemaVersion() throws SQLException {
      TelemetryDatabase.open(dataDir, clock, flusher).close();

      assertThat(RawDatabase.query(file(), "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(RawDatabase.query(file(), "SELECT version FROM schema_version"))
          .isEqualTo(String.valueOf(Schema.CURRENT_VERSION));
    }

    @Test
    void createsTheFileReadableByItsOwnerOnly() throws IOException {
      assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));

      TelemetryDatabase.open(dataDir, clock, flusher).close();

      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file());
      assertThat(permissions).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void reopeningKeepsDataAndSchema() throws SQLException {
      try (TelemetryDatabase database = TelemetryDatabase.open(dataDir, clock, flusher)) {
        database.heartbeatLog().append(new SentHeartbeat(Instant.EPOCH, 200, null, "{}"));
      }

      try (TelemetryDatabase database = TelemetryDatabase.open(dataDir, clock, flusher)) {
        assertThat(database.heartbeatLog().recent(10)).hasSize(1);
      }
      assertThat(RawDatabase.query(file(), "SELECT COUNT(*) FROM schema_version")).isEqualTo("1");
    }

    @Test
    void refusesAFileThatIsNotADatabaseAndLeavesItUntouched() throws IOException {
      byte[] garbage =
          "these are notes, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
      Files.write(file(), garbage);

      assertThatThrownBy(() -> TelemetryDatabase.open(dataDir, clock, flusher))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(file().toString())
          .hasMessageContaining("open")
          .hasMessageContaining("not a SQLite database")
          .satisfies(e -> assertThat(((StoreException) e).file()).isEqualTo(file()));

      assertThat(Files.readAllBytes(file())).isEqualTo(garbage);
      assertThat(dataDir.resolve("telemetry.db-wal")).doesNotExist();
    }

    @Test
    void refusesADatabaseFromANewerLibrary() throws SQLException {
      TelemetryDatabase.open(dataDir, clock, flusher).close();
      RawDatabase.execute(file(), "UPDATE schema_version SET version = 99");

      assertThatThrownBy(() -> TelemetryDatabase.open(dataDir, clock, flusher))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("schema version 99")
          .hasMessageContaining("newer");
      assertThat(RawDatabase.query(file(), "SELECT version FROM schema_version")).isEqualTo("99");
    }

    @Test
    void failsClearlyWhenTheDataDirectoryIsAFile() throws IOException {
      Path notADirectory = Files.writeString(dataDir.resolve("plain-file"), "x");

      assertThatThrownBy(() -> TelemetryDatabase.open(notADirectory, clock))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(notADirectory.toString())
          .hasMessageContaining("create data directory");
    }

    @Test
    void requiresItsArguments() {
      assertThatNullPointerException().isThrownBy(() -> TelemetryDatabase.open(null, clock));
      assertThatNullPointerException().isThrownBy(() -> TelemetryDatabase.open(dataDir, null));
      assertThatNullPointerException()
          .isThrownBy(() -> TelemetryDatabase.open(dataDir, clock, null));
    }

    @Test
    void twoOpenInstancesShareTheFile() {
      try (TelemetryDatabase first = TelemetryDatabase.open(dataDir, clock, flusher);
          TelemetryDatabase second = TelemetryDatabase.open(dataDir, clock, flusher)) {
        first.heartbeatLog().append(new SentHeartbeat(Instant.EPOCH, 204, null, "{}"));

        assertThat(second.heartbeatLog().recent(1))
            .singleElement()
            .extracting(SentHeartbeat::httpStatus)
            .isEqualTo(204);
      }
    }
  }

  @Nested
  class Close {
    @Test
    void closingTwiceIsHarmless() {
      TelemetryDatabase database = TelemetryDatabase.open(dataDir, clock, flusher);
      database.close();

      assertThatCode(database::close).doesNotThrowAnyException();
    }

    @Test
    void useAfterCloseFailsNamingFileAndOperation() {
      TelemetryDatabase database = TelemetryDatabase.open(dataDir, clock, flusher);
      database.close();

      assertThatThrownBy(() -> database.heartbeatLog().recent(5))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "telemetry database "
                  + file()
                  + ": read heartbeat log failed: the database is closed")
          .satisfies(
              e -> assertThat(((StoreException) e).operation()).isEqualTo("read heartbeat log"));
    }

    @Test
    void leavesAnInjectedExecutorRunning() {
      TelemetryDatabase.open(dataDir, clock, flusher).close();

      assertThat(flusher.isShutdown()).isFalse();
    }

    @Test
    void writesCountersWithItsOwnDaemonThread() throws InterruptedException {
      try (TelemetryDatabase database = TelemetryDatabase.open(dataDir, clock)) {
        database.activationStore().incrementRetrieveToolsCall();

        assertThat(Thread.getAllStackTraces().keySet())
            .filteredOn(thread -> thread.getName().equals("telemetry-db-flusher"))
            .isNotEmpty()
            .allMatch(Thread::isDaemon);
      }
    }
  }

  @Test
  void describesItselfByItsFile() {
    try (TelemetryDatabase database = TelemetryDatabase.open(dataDir, clock, flusher)) {
      assertThat(database).hasToString("TelemetryDatabase[" + file() + "]");
    }
  }
}
