package app.mcpproxy.telemetry.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.CollectorOptions;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.http.CollectorMetrics;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.EraseInstall;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.UpsertHeartbeat;
import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
  private static final String INSTALL = TestHeartbeats.INSTALL;

  @TempDir Path directory;

  private final CountDownLatch firstCommitReached = new CountDownLatch(1);
  private final CountDownLatch releaseFirstCommit = new CountDownLatch(1);
  private final AtomicBoolean first = new AtomicBoolean(true);
  private final CollectorMetrics metrics = new CollectorMetrics();
  private CollectorDatabase database;
  private GroupCommitWriter writer;

  @BeforeEach
  void open() {
    database = CollectorDatabase.open(CollectorOptions.sqliteUrl(directory.resolve("w.db")));
  }

  @AfterEach
  void close() {
    releaseFirstCommit.countDown();
    if (writer != null) {
      writer.close();
    }
    database.close();
  }

  /** A writer whose first commit waits until the test releases it, so later writes pile up. */
  private GroupCommitWriter heldWriter(int capacity) throws InterruptedException {
    writer =
        new GroupCommitWriter(
            database,
            metrics::committedBatch,
            capacity,
            () -> {
              if (first.getAndSet(false)) {
                firstCommitReached.countDown();
                releaseFirstCommit.await();
              }
            });
    writer.start();
    Ack warmUp = new Ack();
    assertThat(writer.submit(upsert(TestHeartbeats.ofNewInstall()), warmUp)).isTrue();
    assertThat(firstCommitReached.await(10, TimeUnit.SECONDS)).isTrue();
    return writer;
  }

  @Test
  void acknowledgesOnlyAfterTheCommit() throws Exception {
    GroupCommitWriter held = heldWriter(16);
    Ack ack = new Ack();
    held.submit(upsert(TestHeartbeats.complete()), ack);

    assertThat(ack.result).isNotDone();
    assertThat(versions()).isEmpty();

    releaseFirstCommit.countDown();

    assertThat(ack.result.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(versions()).containsExactly("v0.25.0");
  }

  @Test
  void commitsEverythingThatArrivedMeanwhileInOneTransaction() throws Exception {
    GroupCommitWriter held = heldWriter(1024);
    List<Ack> acks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Ack ack = new Ack();
      acks.add(ack);
      held.submit(upsert(TestHeartbeats.ofNewInstall()), ack);
    }

    releaseFirstCommit.countDown();
    for (Ack ack : acks) {
      assertThat(ack.result.get(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(metrics.scrape().length).isPositive();
    assertThat(new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("collector_commit_batch_size_count 2")
        .contains("collector_commit_batch_size_sum 201.0");
    assertThat(rowCount()).isEqualTo(201);
  }

  @Test
  void appliesWritesInArrivalOrder() throws Exception {
    GroupCommitWriter held = heldWriter(16);
    Ack firstUpsert = new Ack();
    Ack erase = new Ack();
    Ack secondUpsert = new Ack();
    Ack eraseAgain = new Ack();
    held.submit(upsert(TestHeartbeats.complete().put("version", "v1.0.0")), firstUpsert);
    held.submit(new EraseInstall(INSTALL), erase);
    held.submit(upsert(TestHeartbeats.complete().put("version", "v2.0.0")), secondUpsert);

    releaseFirstCommit.countDown();
    secondUpsert.result.get(10, TimeUnit.SECONDS);

    assertThat(versions()).containsExactly("v2.0.0");
    held.submit(new EraseInstall(INSTALL), eraseAgain);
    eraseAgain.result.get(10, TimeUnit.SECONDS);
    assertThat(versions()).isEmpty();
  }

  @Test
  void aWriteThatFailsDoesNotSinkTheOthersOfItsBatch() throws Exception {
    GroupCommitWriter held = heldWriter(16);
    Ack good = new Ack();
    Ack bad = new Ack();
    Ack alsoGood = new Ack();
    held.submit(upsert(TestHeartbeats.ofNewInstall()), good);
    held.submit(new UpsertHeartbeat(withoutVersion(TestHeartbeats.ofNewInstall())), bad);
    held.submit(upsert(TestHeartbeats.ofNewInstall()), alsoGood);

    releaseFirstCommit.countDown();

    assertThat(good.result.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.result.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(alsoGood.result.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rowCount()).isEqualTo(3);

    Ack afterwards = new Ack();
    held.submit(upsert(TestHeartbeats.ofNewInstall()), afterwards);
    assertThat(afterwards.result.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rowCount()).isEqualTo(4);
  }

  @Test
  void refusesWritesWhenItsQueueIsFull() throws Exception {
    GroupCommitWriter held = heldWriter(2);

    assertThat(held.submit(upsert(TestHeartbeats.ofNewInstall()), new Ack())).isTrue();
    assertThat(held.submit(upsert(TestHeartbeats.ofNewInstall()), new Ack())).isTrue();
    assertThat(held.submit(upsert(TestHeartbeats.ofNewInstall()), new Ack())).isFalse();
  }

  @Test
  void closeCommitsWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
    GroupCommitWriter held = heldWriter(16);
    Ack queued = new Ack();
    held.submit(upsert(TestHeartbeats.complete()), queued);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(held::close);

    releaseFirstCommit.countDown();
    closing.get(10, TimeUnit.SECONDS);

    assertThat(queued.result.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(held.submit(upsert(TestHeartbeats.ofNewInstall()), new Ack())).isFalse();
    assertThat(held.isRunning()).isFalse();
  }

  private static UpsertHeartbeat upsert(ObjectNode heartbeat) {
    return new UpsertHeartbeat(row(heartbeat));
  }

  private static ReceivedHeartbeat row(ObjectNode heartbeat) {
    return received("2025-03-01", heartbeat);
  }

  static ReceivedHeartbeat received(String day, ObjectNode heartbeat) {
    return ReceivedHeartbeat.of(day, null, heartbeat, heartbeat.toString());
  }

  /** A write the database cannot take: its version, a required column, is missing. */
  static ReceivedHeartbeat withoutVersion(ObjectNode heartbeat) {
    ReceivedHeartbeat valid = row(heartbeat);
    List<Object> values = new ArrayList<>(valid.values());
    values.set(HeartbeatColumns.names().indexOf(WireNames.VERSION), null);
    return new ReceivedHeartbeat(
        valid.day(),
        valid.epochDay(),
        valid.anonymousId(),
        null,
        valid.payload(),
        valid.raw(),
        values);
  }

  private List<String> versions() throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT version FROM heartbeats WHERE anonymous_id = ?")) {
      select.setString(1, INSTALL);
      List<String> versions = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          versions.add(rows.getString(1));
        }
      }
      return versions;
    }
  }

  private long rowCount() throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM heartbeats");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Completes with {@code true} on commit and {@code false} on failure. */
  private static final class Ack implements WriteAcknowledgement {
    final CompletableFuture<Boolean> result = new CompletableFuture<>();

    @Override
    public void committed() {
      result.complete(true);
    }

    @Override
    public void failed(Exception cause) {
      result.complete(false);
    }
  }
}
