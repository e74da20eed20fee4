package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.Concurrently;
import app.mcpproxy.telemetry.testing.ManualScheduledExecutor;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCounterOutboxTest {
  /** Counts are plain numbers here: the outbox only stores and merges text. */
  private static final BinaryOperator<String> SUM =
      (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b));

  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final ManualScheduledExecutor flusher = new ManualScheduledExecutor();
  private final List<TelemetryDatabase> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(TelemetryDatabase::close);
  }

  private CounterOutbox outbox() {
    TelemetryDatabase db = TelemetryDatabase.open(dataDir, clock, flusher);
    opened.add(db);
    return db.counterOutbox();
  }

  @Test
  void addsMergeIntoOneUnclaimedBatch() {
    CounterOutbox outbox = outbox();
    outbox.add("3", SUM);
    outbox.add("4", SUM);

    assertThat(outbox.batches()).containsExactly(new CounterOutbox.Batch(Optional.empty(), "7"));
  }

  @Test
  void aClaimIsReturnedUnderItsKeyUntilDeletedAndNewCountsWaitForTheNext() {
    CounterOutbox outbox = outbox();
    outbox.add("5", SUM);

    CounterOutbox.Claim first = outbox.claim("key-1").orElseThrow();
    outbox.add("2", SUM);
    CounterOutbox.Claim retry = outbox.claim("key-2").orElseThrow();

    assertThat(first).isEqualTo(new CounterOutbox.Claim("key-1", List.of("5")));
    assertThat(retry).isEqualTo(first);

    outbox.delete("key-1");

    assertThat(outbox.claim("key-3")).contains(new CounterOutbox.Claim("key-3", List.of("2")));
  }

  @Test
  void readingAndClaimingNeverRemoveAnything() {
    CounterOutbox outbox = outbox();
    outbox.add("5", SUM);
    outbox.batches();
    outbox.claim("key-1");
    outbox.claim("key-2");

    assertThat(outbox().batches())
        .containsExactly(new CounterOutbox.Batch(Optional.of("key-1"), "5"));
  }

  @Test
  void countsSentUnderAKeyAreStoredAsThatClaim() {
    CounterOutbox outbox = outbox();
    outbox.addClaimed("memory-key", "9");
    outbox.add("1", SUM);

    assertThat(outbox.claim("new")).contains(new CounterOutbox.Claim("memory-key", List.of("9")));
  }

  @Test
  void nothingToClaimClaimsNothing() {
    assertThat(outbox().claim("key")).isEmpty();
  }

  @Test
  void concurrentAddsFromTwoConnectionsLoseNothing() throws Exception {
    CounterOutbox one = outbox();
    CounterOutbox two = outbox();
    List<CounterOutbox> outboxes = List.of(one, two);

    Concurrently.run(
        2,
        thread -> {
          for (int i = 0; i < 200; i++) {
            outboxes.get(thread).add("1", SUM);
          }
        });

    assertThat(one.batches()).containsExactly(new CounterOutbox.Batch(Optional.empty(), "400"));
  }
}
