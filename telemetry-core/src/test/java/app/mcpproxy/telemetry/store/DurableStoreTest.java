package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ManualScheduledExecutor executor = new ManualScheduledExecutor();
  private final List<DurableStore> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(DurableStore::close);
  }

  private DurableStore store() {
    DurableStore store = DurableStore.create(dataDir, clock, executor);
    stores.add(store);
    return store;
  }

  private Path file() {
    return dataDir.resolve(TelemetryDatabase.FILE_NAME);
  }

  @Test
  void oneStoreAtATimeHoldsTheSenderLockAndClosingHandsItOver() {
    DurableStore first = store();
    DurableStore second = store();

    assertThat(first.holdSenderLock()).isTrue();
    assertThat(second.holdSenderLock()).isFalse();
    assertThat(first.holdSenderLock()).isTrue();

    first.close();

    assertThat(second.holdSenderLock()).isTrue();
  }

  @Test
  void aFileThatIsNotADatabaseIsMovedAsideUntouchedAndReplaced() throws IOException {
    byte[] garbage = "not a database at all, ".repeat(100).getBytes();
    Files.write(file(), garbage);
    DurableStore store = store();

    assertThat(store.database(false)).isPresent();

    List<Path> aside = corruptCopies();
    assertThat(aside).singleElement();
    assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(garbage);
    assertThat(store.status().state()).isEqualTo(StorageStatus.State.DURABLE);
  }

  @Test
  void aDirectoryInPlaceIsLeftAndReportedAndNothingThrows() {
    DurableStore store = store();
    assertThat(file().toFile().mkdirs()).isTrue();

    assertThat(store.database(true)).isEmpty();
    store.activationStore().markFirstMcpClient();
    store.syncActivation();
    store.maintain();

    StorageStatus status = store.status();
    assertThat(status.state()).isEqualTo(StorageStatus.State.MEMORY_ONLY);
    assertThat(status.problem()).contains(file().toString());
    assertThat(status.consequence()).contains("memory");
    assertThat(store.activationStore().load().firstMcpClientEver()).isTrue();
    assertThat(Files.isDirectory(file())).isTrue();
  }

  @Test
  void lookingAtAMissingFileCreatesNothing() {
    DurableStore store = store();

    assertThat(store.database(false)).isEmpty();
    store.close();

    assertThat(dataDir).isEmptyDirectory();
    assertThat(store.status().state()).isEqualTo(StorageStatus.State.NOT_CREATED);
  }

  @Test
  void aFileDeletedWhileOpenIsRecreatedWithItsUnsentBatches() throws IOException {
    DurableStore store = store();
    TelemetryDatabase db = store.database(true).orElseThrow();
    db.counterOutbox().add("7", (a, b) -> b);
    db.counterOutbox().addClaimed("key", "3");
    Files.delete(file());

    store.maintain();

    assertThat(Files.isRegularFile(file())).isTrue();
    assertThat(store.database(false).orElseThrow().counterOutbox().batches())
        .extracting(CounterOutbox.Batch::json)
        .containsExactly("7", "3");
  }

  private List<Path> corruptCopies() throws IOException {
    try (Stream<Path> files = Files.list(dataDir)) {
      return files
          .filter(
              p -> p.getFileName().toString().startsWith(TelemetryDatabase.FILE_NAME + ".corrupt-"))
          .toList();
    }
  }
}
