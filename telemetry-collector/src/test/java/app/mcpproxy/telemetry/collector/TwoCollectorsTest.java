package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.http.Exchange;
import app.mcpproxy.telemetry.collector.http.HeartbeatIntake;
import app.mcpproxy.telemetry.testing.Concurrently;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors on one PostgreSQL database, started together, sent a fleet's heartbeats and
 * retries at once through both, closing the same days at once: they give the same statistics as one
 * collector that received the same heartbeats one by one.
 */
class TwoCollectorsTest {
  private static final int INSTALLS = 30;
  private static final int SENDS_PER_INSTALL = 4;

  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Collector> running = new ArrayList<>();
  private final List<TestDatabase> databases = new ArrayList<>();

  @BeforeEach
  void requirePostgres() {
    assumeTrue(TestDatabase.Kind.POSTGRESQL.available(), TestDatabase.Kind.POSTGRESQL.skipReason());
  }

  @AfterEach
  void stop() throws SQLException {
    running.forEach(Collector::close);
    for (TestDatabase database : databases) {
      database.close();
    }
  }

  @Test
  void giveTheSameStatisticsAsOneCollector() throws Exception {
    TestDatabase shared = database(TestDatabase.Kind.POSTGRESQL);
    // Both start, and so migrate, at the same moment.
    List<Collector> pair = Concurrently.call(2, thread -> start(shared, thread == 0 ? "a" : "b"));
    Collector a = pair.get(0);
    Collector b = pair.get(1);
    Collector single = start(database(TestDatabase.Kind.SQLITE), "single");

    List<Send> sends = fleet();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(7);
    for (Send send : sends) {
      // Each heartbeat goes to one collector, and a retry of one in three to the other at once.
      boolean toA = random.nextBoolean();
      answers.add(post(toA ? a : b, send));
      if (random.nextInt(3) == 0) {
        answers.add(post(toA ? b : a, send));
      }
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    }
    for (Send send : sends) {
      assertThat(post(single, send).get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
    }

    JsonNode expectedToday = stats(single);
    assertThat(expectedToday.path("installs").asLong()).isEqualTo(INSTALLS);
    assertThat(stats(a)).isEqualTo(expectedToday);
    assertThat(stats(b)).isEqualTo(expectedToday);

    // The next day both close the first one at once.
    clock.set(Instant.parse("2025-03-02T01:00:00Z"));
    List<String> closed = new ArrayList<>();
    Concurrently.call(2, thread -> pair.get(thread).closeFinishedDays()).forEach(closed::addAll);
    single.closeFinishedDays();
    assertThat(closed).contains("2025-03-01");

    JsonNode expectedClosed = stats(single);
    assertThat(expectedClosed.path("installs").asLong()).isEqualTo(INSTALLS);
    assertThat(stats(a)).isEqualTo(expectedClosed);
    assertThat(stats(b)).isEqualTo(expectedClosed);
  }

  private record Send(String key, byte[] body) {}

  private static List<Send> fleet() {
    List<Send> sends = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(11);
    String[] oses = {"linux", "darwin", "windows"};
    for (int i = 0; i < INSTALLS; i++) {
      String id = UUID.randomUUID().toString();
      String os = oses[random.nextInt(oses.length)];
      for (int s = 0; s < SENDS_PER_INSTALL; s++) {
        ObjectNode heartbeat = TestHeartbeats.complete().put("anonymous_id", id).put("os", os);
        heartbeat.put("server_count", random.nextInt(10));
        ((ObjectNode) heartbeat.get("surface_requests")).put("mcp", random.nextInt(100));
        sends.add(new Send(UUID.randomUUID().toString(), TestHeartbeats.bytes(heartbeat)));
      }
    }
    return sends;
  }

  private CompletableFuture<HttpResponse<String>> post(Collector collector, Send send) {
    return http.sendAsync(
        HttpRequest.newBuilder(collector.baseUri().resolve("v1/heartbeat"))
            .header("Content-Type", Exchange.JSON)
            .header(HeartbeatIntake.IDEMPOTENCY_KEY, send.key())
            .POST(BodyPublishers.ofByteArray(send.body()))
            .build(),
        BodyHandlers.ofString());
  }

  private JsonNode stats(Collector collector) throws Exception {
    URI uri = collector.baseUri().resolve("v1/stats?from=2025-02-28&to=2025-03-02");
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestHeartbeats.MAPPER.readTree(response.body());
  }

  private TestDatabase database(TestDatabase.Kind kind) throws SQLException {
    TestDatabase database = TestDatabase.create(kind, dataDir);
    databases.add(database);
    return database;
  }

  private Collector start(TestDatabase database, String name) throws Exception {
    Collector collector =
        Collector.builder(
                CollectorOptions.defaults(dataDir.resolve(name))
                    .withListen("127.0.0.1:0")
                    .withJdbcUrl(database.jdbcUrl())
                    .withRateLimit(RateLimit.unlimited())
                    .withQueryTimeout(Duration.ofSeconds(30)))
            .clock(clock)
            .openDayMaxAge(Duration.ZERO)
            .build();
    synchronized (running) {
      running.add(collector);
    }
    collector.start();
    return collector;
  }
}
