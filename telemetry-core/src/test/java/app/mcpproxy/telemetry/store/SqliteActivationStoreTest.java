package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.testing.ActivationStoreContract;
import app.mcpproxy.telemetry.testing.Concurrently;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SqliteActivationStoreTest extends ActivationStoreContract {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();
  private final List<TelemetryDatabase> opened = new ArrayList<>();

  @Override
  protected ActivationStore newStore(Clock storeClock) {
    return open(dataDir.resolve("contract"), storeClock).activationStore();
  }

  @AfterEach
  void closeDatabases() {
    opened.forEach(TelemetryDatabase::close);
  }

  private TelemetryDatabase open(Path dir, Clock storeClock) {
    TelemetryDatabase database = TelemetryDatabase.open(dir, storeClock, flusher);
    opened.add(database);
    return database;
  }

  private TelemetryDatabase open() {
    return open(dataDir, clock);
  }

  private String column(String name) throws SQLException {
    return RawDatabase.query(
        dataDir.resolve(TelemetryDatabase.FILE_NAME), "SELECT " + name + " FROM activation");
  }

  @Nested
  class TwoProcesses {
    @Test
    void incrementsOfBothAreAddedNotOverwritten() {
      ActivationStore first = open().activationStore();
      ActivationStore second = open().activationStore();
      for (int i = 0; i < 30; i++) {
        first.incrementRetrieveToolsCall();
        second.incrementRetrieveToolsCall();
        second.addTokensSaved(100);
      }
      first.incrementRetrieveToolsCall();

      flusher.runPending();

      assertThat(open().activationStore().load().retrieveToolsCalls24h()).isEqualTo(61);
      ((SqliteActivationStore) first).refresh();
      assertThat(first.load().retrieveToolsCalls24h()).isEqualTo(61);
    }

    @Test
    void clientNamesAndFlagsOfBothAreKept() {
      ActivationStore first = open().activationStore();
      ActivationStore second = open().activationStore();
      first.recordMcpClient("Cursor");
      first.markFirstConnectedServer();
      second.recordMcpClient("Claude-Code");
      second.markFirstMcpClient();

      flusher.runPending();

      ActivationState merged = open().activationStore().load();
      assertThat(merged.mcpClientsSeenEver()).containsExactlyInAnyOrder("cursor", "claude-code");
      assertThat(merged.firstConnectedServerEver()).isTrue();
      assertThat(merged.firstMcpClientEver()).isTrue();
    }

    @Test
    void aWriteAfterTheOtherProcessWroteKeepsItsCountsAndAddsOnlyNewOnes() {
      ActivationStore first = open().activationStore();
      ActivationStore second = open().activationStore();
      first.incrementRetrieveToolsCall();
      flusher.runPending();
      second.incrementRetrieveToolsCall();
      flusher.runPending();
      first.incrementRetrieveToolsCall();
      flusher.runPending();

      assertThat(open().activationStore().load().retrieveToolsCalls24h()).isEqualTo(3);
    }
  }

  @Nested
  class Flags {
    @Test
    void surviveCloseAndReopen() {
      try (TelemetryDatabase database = open()) {
        database.activationStore().markFirstConnectedServer();
        database.activationStore().markFirstRetrieveToolsCall();
      }

      ActivationState state = open().activationStore().load();

      assertThat(state.firstConnectedServerEver()).isTrue();
      assertThat(state.firstMcpClientEver()).isFalse();
      assertThat(state.firstRetrieveToolsCallEver()).isTrue();
    }

    @Test
    void areOnDiskWhenTheMarkReturns() throws SQLException {
      open().activationStore().markFirstMcpClient();

      assertThat(column("first_mcp_client_ever")).isEqualTo("1");
      assertThat(flusher.pendingCount()).isZero();
    }

    @Test
    void installerFlagIsOnDiskWhenTheCallReturns() throws SQLException {
      ActivationStore store = open().activationStore();
      assertThat(column("installer_heartbeat_pending")).isNull();

      store.setInstallerPending(true);
      assertThat(column("installer_heartbeat_pending")).isEqualTo("1");

      store.setInstallerPending(false);
      assertThat(column("installer_heartbeat_pending")).isEqualTo("0");
    }

    @Test
    void installerFlagKeepsNeverSetApartFromClearedAcrossReopen() {
      try (TelemetryDatabase database = open()) {
        assertThat(database.activationStore().isInstallerFlagEverSet()).isFalse();
        database.activationStore().setInstallerPending(true);
      }
      try (TelemetryDatabase database = open()) {
        assertThat(database.activationStore().isInstallerPending()).isTrue();
        database.activationStore().setInstallerPending(false);
      }

      ActivationStore reopened = open().activationStore();

      assertThat(reopened.isInstallerPending()).isFalse();
      assertThat(reopened.isInstallerFlagEverSet()).isTrue();
    }

    @Test
    void markingAFlagAlreadySetTouchesNoDisk() {
      TelemetryDatabase database = open();
      ActivationStore store = database.activationStore();
      store.markFirstMcpClient();
      store.setInstallerPending(true);
      database.close();

      assertThatCode(
              () -> {
                store.markFirstMcpClient();
                store.setInstallerPending(true);
              })
          .doesNotThrowAnyException();
    }

    @Test
    void markingANewFlagOnAClosedDatabaseThrowsNothingAndKeepsTheFlagInMemory() {
      TelemetryDatabase database = open();
      ActivationStore store = database.activationStore();
      database.close();

      assertThatCode(store::markFirstRetrieveToolsCall).doesNotThrowAnyException();
      assertThat(store.load().firstRetrieveToolsCallEver()).isTrue();
      assertThat(flusher.pendingCount()).isZero();
    }

    @Test
    void saveNeverRevertsAFlagOnDiskThatAnotherProcessSet() throws SQLException {
      ActivationStore store = open().activationStore();
      RawDatabase.execute(
          dataDir.resolve(TelemetryDatabase.FILE_NAME),
          "UPDATE activation SET first_connected_server_ever = 1");

      store.save(ActivationState.empty());

      assertThat(column("first_connected_server_ever")).isEqualTo("1");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void surviveTheProcessBeingKilled() throws IOException, InterruptedException {
      String java = ProcessHandle.current().info().command().orElse("java");
      String classpath =
          String.join(
              File.pathSeparator,
              System.getProperty("jdk.module.path", ""),
              System.getProperty("java.class.path", ""));
      Process child =
          new ProcessBuilder(
                  java, "-cp", classpath, FlagMarkingProcess.class.getName(), dataDir.toString())
              .redirectErrorStream(true)
              .start();
      StringBuilder output = new StringBuilder();
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null && !line.equals("marked")) {
          output.append(line).append('\n');
        }
        assertThat(line).as("child output:%n%s", output).isEqualTo("marked");
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(child.exitValue()).as("killed, not exited").isNotZero();

      ActivationStore reopened = open().activationStore();

      ActivationState state = reopened.load();
      assertThat(state.firstMcpClientEver()).isTrue();
      assertThat(state.firstConnectedServerEver()).isTrue();
      assertThat(state.firstRetrieveToolsCallEver()).isFalse();
      assertThat(reopened.isInstallerPending()).isTrue();
    }
  }

  @Nested
  class Counters {
    @Test
    void aBurstIsScheduledOnceWithinASecondAndWrittenOnce() throws SQLException {
      SqliteActivationStore store = (SqliteActivationStore) open().activationStore();

      for (int i = 0; i < 1_000; i++) {
        store.incrementRetrieveToolsCall();
        store.addTokensSaved(3);
        store.recordMcpClient("client-" + (i % 3));
      }

      assertThat(flusher.pendingDelays())
          .singleElement()
          .satisfies(delay -> assertThat(delay).isLessThanOrEqualTo(Duration.ofSeconds(1)));
      assertThat(column("retrieve_tools_window_count")).isEqualTo("0");

      flusher.runPending();

      assertThat(store.counterWrites()).isEqualTo(1);
      assertThat(column("retrieve_tools_window_count")).isEqualTo("1000");
      assertThat(column("tokens_saved_window_count")).isEqualTo("3000");
      assertThat(column("retrieve_tools_window_start")).isEqualTo("2025-03-01T10:00:00Z");
      assertThat(column("mcp_clients_seen_ever"))
          .isEqualTo("[\"client-0\",\"client-1\",\"client-2\"]");
    }

    @Test
    void changesAfterAFlushScheduleTheNextOne() throws SQLException {
      ActivationStore store = open().activationStore();
      store.incrementRetrieveToolsCall();
      flusher.runPending();

      store.incrementRetrieveToolsCall();

      assertThat(flusher.pendingCount()).isEqualTo(1);
      flusher.runPending();
      assertThat(column("retrieve_tools_window_count")).isEqualTo("2");
    }

    @Test
    void callsThatChangeNothingScheduleNothing() {
      ActivationStore store = open().activationStore();
      store.recordMcpClient("cursor");
      flusher.runPending();

      store.recordMcpClient("Cursor");
      store.addTokensSaved(0);
      store.addTokensSaved(-4);

      assertThat(flusher.pendingCount()).isZero();
    }

    @Test
    void closeWritesWhatTheFlusherHasNotYet() {
      try (TelemetryDatabase database = open()) {
        database.activationStore().incrementRetrieveToolsCall();
        database.activationStore().recordMcpClient("zed");
      }

      ActivationState state = open().activationStore().load();

      assertThat(state.retrieveToolsCalls24h()).isEqualTo(1);
      assertThat(state.mcpClientsSeenEver()).containsExactly("zed");
    }

    @Test
    void aFlushScheduledBeforeCloseDoesNothingAfterIt() {
      TelemetryDatabase database = open();
      database.activationStore().incrementRetrieveToolsCall();
      database.close();

      assertThatCode(flusher::runPending).doesNotThrowAnyException();
    }

    @Test
    void changesAfterCloseStayInMemoryAndScheduleNothing() {
      TelemetryDatabase database = open();
      ActivationStore store = database.activationStore();
      database.close();

      store.incrementRetrieveToolsCall();

      assertThat(flusher.pendingCount()).isZero();
      assertThat(store.load().retrieveToolsCalls24h()).isEqualTo(1);
    }

    @Test
    void windowsDecayAcrossReopen() {
      try (TelemetryDatabase database = open()) {
        database.activationStore().incrementRetrieveToolsCall();
        database.activationStore().addTokensSaved(500);
      }
      clock.advance(Duration.ofHours(23));
      assertThat(open().activationStore().load().retrieveToolsCalls24h()).isEqualTo(1);

      clock.advance(Duration.ofHours(1));

      ActivationState state = open().activationStore().load();
      assertThat(state.retrieveToolsCalls24h()).isZero();
      assertThat(state.estimatedTokensSaved24hBucket()).isEqualTo("0");
    }

    @Test
    void saveIsWrittenAtOnceAndSurvivesReopen() {
      try (TelemetryDatabase database = open()) {
        database
            .activationStore()
            .save(new ActivationState(true, false, false, List.of("cursor", "zed"), 7, "0", 0));
        assertThat(flusher.pendingCount()).isZero();
      }

      ActivationState state = open().activationStore().load();

      assertThat(state)
          .isEqualTo(new ActivationState(true, false, false, List.of("cursor", "zed"), 7, "0", 0));
    }

    @Test
    void aRefusingExecutorLeavesCountersForClose() {
      flusher.shutdown();
      try (TelemetryDatabase database = open()) {
        database.activationStore().incrementRetrieveToolsCall();
        database.activationStore().incrementRetrieveToolsCall();
      }

      assertThat(open().activationStore().load().retrieveToolsCalls24h()).isEqualTo(2);
    }

    @Test
    void concurrentCallersWhileFlushingLoseNothing() throws InterruptedException {
      ScheduledExecutorService realFlusher = Executors.newSingleThreadScheduledExecutor();
      int threads = 4;
      int perThread = 5_000;
      try {
        TelemetryDatabase database =
            TelemetryDatabase.open(dataDir, clock, realFlusher, Duration.ZERO, false);
        SqliteActivationStore store = (SqliteActivationStore) database.activationStore();
        Concurrently.run(
            threads,
            thread -> {
              for (int i = 0; i < perThread; i++) {
                store.incrementRetrieveToolsCall();
                store.addTokensSaved(1);
              }
            });
        database.close();
        assertThat(store.counterWrites()).isPositive();
      } finally {
        realFlusher.shutdownNow();
      }

      ActivationState state = open().activationStore().load();

      assertThat(state.retrieveToolsCalls24h()).isEqualTo(threads * perThread);
      assertThat(state.estimatedTokensSaved24hBucket()).isEqualTo("10k_100k");
    }
  }

  @Nested
  class Loading {
    @Test
    void unreadableClientListFailsOpenNamingTheColumn() throws SQLException {
      open().close();
      RawDatabase.execute(
          dataDir.resolve(TelemetryDatabase.FILE_NAME),
          "UPDATE activation SET mcp_clients_seen_ever = 'not json'");

      assertThatThrownBy(() -> TelemetryDatabase.open(dataDir, clock, flusher))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("load activation state")
          .hasMessageContaining("mcp_clients_seen_ever");
    }

    @Test
    void impossibleWindowFailsOpenNamingTheColumns() throws SQLException {
      open().close();
      RawDatabase.execute(
          dataDir.resolve(TelemetryDatabase.FILE_NAME),
          "UPDATE activation SET retrieve_tools_window_count = 5");

      assertThatThrownBy(() -> TelemetryDatabase.open(dataDir, clock, flusher))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("retrieve_tools_window");
    }

    @Test
    void clientNamesAreSanitisedAgainOnLoad() throws SQLException {
      open().close();
      RawDatabase.execute(
          dataDir.resolve(TelemetryDatabase.FILE_NAME),
          "UPDATE activation SET mcp_clients_seen_ever = '[\"Cursor\",\"/home/me\",\"cursor\"]'");

      assertThat(open().activationStore().load().mcpClientsSeenEver())
          .containsExactly("cursor", "unknown");
    }
  }
}
