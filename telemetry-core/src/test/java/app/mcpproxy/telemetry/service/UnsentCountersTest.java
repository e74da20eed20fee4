package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.store.CounterOutbox;
import app.mcpproxy.telemetry.store.DurableStore;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsentCountersTest {
  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final CounterRegistry registry = new CounterRegistry();
  private DurableStore store;
  private UnsentCounters unsent;

  @BeforeEach
  void create() {
    store = DurableStore.create(dataDir, clock, new ManualScheduledExecutor());
    unsent = new UnsentCounters(registry, new DatabaseAccess(store, clock));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void record(int count) {
    for (int i = 0; i < count; i++) {
      registry.recordSurface(Surface.MCP);
    }
  }

  private void breakDisk() throws IOException {
    Files.createDirectories(dataDir.resolve(TelemetryDatabase.FILE_NAME));
  }

  private void repairDisk() throws Exception {
    Files.delete(dataDir.resolve(TelemetryDatabase.FILE_NAME));
    // Opening is retried at most once a second.
    Thread.sleep(1_100);
  }

  @Test
  void countsLeaveTheRegistryOnlyOnceTheOutboxHoldsThem() throws Exception {
    breakDisk();
    record(5);

    assertThat(unsent.flush()).isFalse();
    assertThat(registry.snapshot().surfaceRequests()).containsEntry("mcp", 5L);

    repairDisk();
    assertThat(unsent.flush()).isTrue();
    assertThat(registry.snapshot().surfaceRequests().getOrDefault("mcp", 0L)).isZero();
    assertThat(unsent.preview().surfaceRequests()).containsEntry("mcp", 5L);
  }

  @Test
  void aRetryFromMemoryCarriesTheSameCountsUnderTheSameKey() throws Exception {
    breakDisk();
    record(5);
    unsent.flush();
    UnsentCounters.Batch first = unsent.next(false, true);
    record(2);

    UnsentCounters.Batch retry = unsent.next(false, true);

    assertThat(first.source()).isEqualTo(UnsentCounters.Source.MEMORY);
    assertThat(retry).isSameAs(first);
    assertThat(retry.counters().surfaceRequests()).containsEntry("mcp", 5L);
  }

  @Test
  void aMemoryBatchMovedToTheOutboxKeepsItsKeyAndItsLateAnswerDeletesItOnly() throws Exception {
    breakDisk();
    record(5);
    unsent.flush();
    UnsentCounters.Batch inFlight = unsent.next(false, true);
    record(3);

    repairDisk();
    assertThat(unsent.flush()).isTrue();
    CounterOutbox outbox = store.database(false).orElseThrow().counterOutbox();
    assertThat(outbox.batches())
        .extracting(CounterOutbox.Batch::key)
        .containsExactly(Optional.of(inFlight.key()), Optional.empty());

    unsent.acknowledged(inFlight);

    List<CounterOutbox.Batch> left = outbox.batches();
    assertThat(left).extracting(CounterOutbox.Batch::key).containsExactly(Optional.empty());
    assertThat(unsent.preview().surfaceRequests()).containsEntry("mcp", 3L);
  }

  @Test
  void aProcessThatDoesNotSendHandsItsCountsOverAndSendsNone() {
    record(4);
    assertThat(unsent.flush()).isTrue();

    UnsentCounters.Batch batch = unsent.next(true, false);

    assertThat(batch.source()).isEqualTo(UnsentCounters.Source.NONE);
    assertThat(batch.counters().isEmpty()).isTrue();
    assertThat(unsent.preview().surfaceRequests()).containsEntry("mcp", 4L);
  }

  @Test
  void theSenderClaimsTheOutboxAndOnlyTheAnswerDeletesIt() {
    record(4);
    unsent.flush();

    UnsentCounters.Batch batch = unsent.next(true, true);
    UnsentCounters.Batch retry = unsent.next(true, true);

    assertThat(batch.source()).isEqualTo(UnsentCounters.Source.OUTBOX);
    assertThat(retry.key()).isEqualTo(batch.key());
    assertThat(unsent.preview().surfaceRequests()).containsEntry("mcp", 4L);
    unsent.acknowledged(batch);
    assertThat(unsent.preview().surfaceRequests().getOrDefault("mcp", 0L)).isZero();
  }
}
