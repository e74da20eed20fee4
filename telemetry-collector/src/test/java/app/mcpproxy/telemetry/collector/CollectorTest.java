package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.http.BodyReader;
import app.mcpproxy.telemetry.collector.http.Exchange;
import app.mcpproxy.telemetry.collector.http.HeartbeatIntake;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The collector over HTTP, against each supported database. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class CollectorTest {
  private static final String INSTALL = TestHeartbeats.INSTALL;

  @Parameter TestDatabase.Kind kind;

  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Collector> running = new ArrayList<>();
  private TestDatabase database;
  private Collector collector;

  @BeforeEach
  void startCollector() throws Exception {
    assumeTrue(kind.available(), kind.skipReason());
    database = TestDatabase.create(kind, dataDir);
    collector = start(options());
  }

  @AfterEach
  void stopCollector() throws SQLException {
    running.forEach(Collector::close);
    if (database != null) {
      database.close();
    }
  }

  private CollectorOptions options() {
    return CollectorOptions.defaults(dataDir)
        .withListen("127.0.0.1:0")
        .withJdbcUrl(database.jdbcUrl())
        .withRateLimit(RateLimit.unlimited());
  }

  private Collector start(CollectorOptions options) throws Exception {
    return start(Collector.builder(options).clock(clock).openDayMaxAge(Duration.ZERO));
  }

  private Collector start(Collector.Builder builder) throws Exception {
    Collector started = builder.build();
    running.add(started);
    started.start();
    return started;
  }

  @Nested
  class Backfill {
    @Test
    void storesEachHeartbeatOnItsOwnDayAndTheClosedDaysCountIt() throws Exception {
      ObjectNode older = TestHeartbeats.complete();
      older.put("version", "v0.24.0").put("current_version", "v0.24.0");
      ObjectNode newer = TestHeartbeats.complete();

      int stored =
          collector.backfill(
              List.of(
                  new Collector.DatedHeartbeat(
                      LocalDate.parse("2025-02-10"), TestHeartbeats.bytes(older), "key-1"),
                  new Collector.DatedHeartbeat(
                      LocalDate.parse("2025-02-20"), TestHeartbeats.bytes(newer), null)));
      List<String> closed = collector.closeFinishedDays();

      assertThat(stored).isEqualTo(2);
      assertThat(storedVersions(INSTALL))
          .containsExactly("2025-02-10 v0.24.0", "2025-02-20 v0.25.0");
      assertThat(closed).containsExactly("2025-02-10", "2025-02-20");
      JsonNode stats = json(get("/v1/stats?from=2025-02-01&to=2025-02-28"));
      assertThat(stats.get("installs").asLong()).isEqualTo(1);
    }

    @Test
    void refusesEverythingWhenOneHeartbeatFailsTheHttpIntake() throws Exception {
      ObjectNode invalid = TestHeartbeats.complete();
      invalid.put("os", "C:\\Users\\alice");
      List<Collector.DatedHeartbeat> heartbeats =
          List.of(
              new Collector.DatedHeartbeat(
                  LocalDate.parse("2025-02-10"),
                  TestHeartbeats.bytes(TestHeartbeats.complete()),
                  null),
              new Collector.DatedHeartbeat(
                  LocalDate.parse("2025-02-11"), TestHeartbeats.bytes(invalid), null));

      assertThatThrownBy(() -> collector.backfill(heartbeats))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("heartbeat 1 refused")
          .hasMessageContaining("os");
      assertThat(storedVersions(INSTALL)).isEmpty();
    }

    @Test
    void refusesADayAfterToday() {
      List<Collector.DatedHeartbeat> heartbeats =
          List.of(
              new Collector.DatedHeartbeat(
                  LocalDate.parse("2025-03-02"),
                  TestHeartbeats.bytes(TestHeartbeats.complete()),
                  null));

      assertThatThrownBy(() -> collector.backfill(heartbeats))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("after today");
    }
  }

  @Nested
  class PostHeartbeat {
    @Test
    void answers204OnceTheRowIsStored() throws Exception {
      HttpResponse<String> response = postHeartbeat(TestHeartbeats.complete());

      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(storedVersions(INSTALL)).containsExactly("2025-03-01 v0.25.0");
    }

    @Test
    void storesTheRawJsonAndTheAggregatedColumns() throws Exception {
      ObjectNode heartbeat = TestHeartbeats.complete();
      postHeartbeat(heartbeat);

      try (Connection connection = database.connect();
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT payload, os, env_kind, surface_mcp, error_upstream_connect_timeout,"
                      + " flag_oauth_github, flag_oauth_microsoft, autostart_enabled"
                      + " FROM heartbeats WHERE anonymous_id = ?")) {
        select.setString(1, INSTALL);
        try (ResultSet row = select.executeQuery()) {
          assertThat(row.next()).isTrue();
          assertThat(TestHeartbeats.MAPPER.readTree(row.getString(1))).isEqualTo(heartbeat);
          assertThat(row.getString(2)).isEqualTo("linux");
          assertThat(row.getString(3)).isEqualTo("interactive");
          assertThat(row.getLong(4)).isEqualTo(40);
          assertThat(row.getLong(5)).isEqualTo(2);
          assertThat(row.getInt(6)).isEqualTo(1);
          assertThat(row.getInt(7)).isZero();
          row.getInt(8);
          assertThat(row.wasNull()).isTrue();
        }
      }
    }

    @Test
    void refusesAnotherContentTypeWith415() throws Exception {
      HttpResponse<String> response =
          post("v1/heartbeat", "text/plain", TestHeartbeats.bytes(TestHeartbeats.complete()));

      assertThat(response.statusCode()).isEqualTo(415);
      assertThat(json(response).path("error").asText()).isEqualTo("unsupported_media_type");
      assertThat(storedVersions(INSTALL)).isEmpty();
    }

    @Test
    void acceptsAJsonContentTypeWithUtf8Charset() throws Exception {
      HttpResponse<String> response =
          post(
              "v1/heartbeat",
              "Application/JSON; charset=UTF-8",
              TestHeartbeats.bytes(TestHeartbeats.complete()));

      assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void acceptsABodyOfExactly64KiB() throws Exception {
      HttpResponse<String> response =
          post("v1/heartbeat", Exchange.JSON, paddedTo(BodyReader.MAX_BODY_BYTES));

      assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void refusesADeclaredBodyOver64KiBWith413() throws Exception {
      HttpResponse<String> response =
          post("v1/heartbeat", Exchange.JSON, paddedTo(BodyReader.MAX_BODY_BYTES + 1));

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void refusesAChunkedBodyOver64KiBWith413() throws Exception {
      byte[] body = paddedTo(BodyReader.MAX_BODY_BYTES + 1);
      BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

      HttpResponse<String> response = send(request("v1/heartbeat", Exchange.JSON, chunked));

      assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void refusesMalformedJsonWith400() throws Exception {
      HttpResponse<String> response =
          post(
              "v1/heartbeat",
              Exchange.JSON,
              "{\"anonymous_id\": ".getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).path("error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void refusesTrailingGarbageWith400() throws Exception {
      byte[] body = (TestHeartbeats.complete() + " {}").getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> response = post("v1/heartbeat", Exchange.JSON, body);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).path("error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void refusesASchemaViolationWith400NamingTheField() throws Exception {
      HttpResponse<String> response =
          postHeartbeat(TestHeartbeats.complete().put("arch", "x86_64"));

      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode body = json(response);
      assertThat(body.path("error").asText()).isEqualTo("schema_violation");
      assertThat(body.path("field").asText()).isEqualTo("arch");
      assertThat(storedVersions(INSTALL)).isEmpty();
    }

    @Test
    void refusesAnAnonymityViolationWith422NamingTheRule() throws Exception {
      ObjectNode heartbeat = TestHeartbeats.complete();
      heartbeat.putObject("rest_endpoint_calls").putObject("GET /home/alice/notes").put("2xx", 1);

      HttpResponse<String> response = postHeartbeat(heartbeat);

      assertThat(response.statusCode()).isEqualTo(422);
      JsonNode body = json(response);
      assertThat(body.path("error").asText()).isEqualTo("anonymity_violation");
      assertThat(body.path("rule").asText()).isEqualTo("blocked_prefix");
      assertThat(response.body()).doesNotContain("alice");
      assertThat(storedVersions(INSTALL)).isEmpty();
    }

    @Test
    void keepsOneRowPerInstallPerUtcDayWithTheLaterHeartbeat() throws Exception {
      postHeartbeat(TestHeartbeats.complete().put("version", "v0.25.0"));
      clock.set(Instant.parse("2025-03-01T23:59:59Z"));
      postHeartbeat(TestHeartbeats.complete().put("version", "v0.25.1"));
      clock.set(Instant.parse("2025-03-02T00:00:00Z"));
      postHeartbeat(TestHeartbeats.complete().put("version", "v0.26.0"));

      assertThat(storedVersions(INSTALL))
          .containsExactly("2025-03-01 v0.25.1", "2025-03-02 v0.26.0");
    }

    @Test
    void storesNothingFromTheRequestHeadersOrSocket() throws Exception {
      String userAgent = "Agent-Marker-7f3a/1.0";
      String forwardedFor = "203.0.113.77";
      HttpRequest request =
          HttpRequest.newBuilder(collector.baseUri().resolve("v1/heartbeat"))
              .header("Content-Type", Exchange.JSON)
              .header("User-Agent", userAgent)
              .header("X-Forwarded-For", forwardedFor)
              .header("X-Real-IP", forwardedFor)
              .POST(BodyPublishers.ofByteArray(TestHeartbeats.bytes(TestHeartbeats.complete())))
              .build();
      assertThat(send(request).statusCode()).isEqualTo(204);
      post(
          "v1/feedback",
          Exchange.JSON,
          "{\"category\":\"bug\",\"message\":\"The dashboard is empty today.\"}"
              .getBytes(StandardCharsets.UTF_8));

      List<String> everyValue = everyStoredValue();

      assertThat(everyValue).isNotEmpty();
      assertThat(everyValue)
          .noneMatch(value -> value.contains("127.0.0.1"))
          .noneMatch(value -> value.contains(forwardedFor))
          .noneMatch(value -> value.contains("Agent-Marker"))
          .noneMatch(value -> value.contains("Java-http-client"));
      assertThat(everyColumnName())
          .noneMatch(name -> name.contains("ip") && !name.contains("ipt"))
          .noneMatch(name -> name.contains("agent") || name.contains("address"));
    }
  }

  @Nested
  class OneInstallDay {
    @Test
    void addsUpTheCountersOfTheDaysHeartbeatsAndKeepsTheLatestOfEveryOtherField() throws Exception {
      postHeartbeat(TestHeartbeats.complete());
      clock.advance(Duration.ofHours(3));
      ObjectNode later = TestHeartbeats.complete().put("version", "v0.25.1").put("server_count", 7);
      later
          .putObject("surface_requests")
          .put("mcp", 5)
          .put("cli", 0)
          .put("webui", 0)
          .put("tray", 0)
          .put("unknown", 1);
      later.remove("builtin_tool_calls");
      later
          .putObject("rest_endpoint_calls")
          .putObject("GET /api/v1/servers")
          .put("2xx", 6)
          .put("5xx", 1);
      later.putObject("doctor_checks").putObject("docker_daemon").put("pass", 0).put("fail", 2);
      later.put("upstream_tool_call_count_bucket", "1-10");

      assertThat(postHeartbeat(later).statusCode()).isEqualTo(204);

      JsonNode day = onlyDay(INSTALL);
      assertThat(day.path("version").asText()).isEqualTo("v0.25.1");
      assertThat(day.path("server_count").asInt()).isEqualTo(7);
      assertThat(day.path("upstream_tool_call_count_bucket").asText()).isEqualTo("1-10");
      assertThat(day.path("surface_requests").path("mcp").asLong()).isEqualTo(45);
      assertThat(day.path("surface_requests").path("cli").asLong()).isEqualTo(2);
      assertThat(day.path("surface_requests").path("unknown").asLong()).isEqualTo(1);
      assertThat(day.path("builtin_tool_calls").path("retrieve_tools").asLong()).isEqualTo(12);
      assertThat(day.path("rest_endpoint_calls").path("GET /api/v1/servers").path("2xx").asLong())
          .isEqualTo(10);
      assertThat(day.path("rest_endpoint_calls").path("GET /api/v1/servers").path("5xx").asLong())
          .isEqualTo(1);
      assertThat(day.path("rest_endpoint_calls").path("UNMATCHED").path("4xx").asLong())
          .isEqualTo(1);
      assertThat(day.path("doctor_checks").path("docker_daemon").path("pass").asLong())
          .isEqualTo(1);
      assertThat(day.path("doctor_checks").path("docker_daemon").path("fail").asLong())
          .isEqualTo(2);
      assertThat(day.path("error_category_counts").path("upstream_connect_timeout").asLong())
          .isEqualTo(4);
      assertThat(columnOf(INSTALL, "surface_mcp")).isEqualTo(45);
      assertThat(columnOf(INSTALL, "server_count")).isEqualTo(7);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIsNotAddedTwice() throws Exception {
      String key = UUID.randomUUID().toString();
      assertThat(postHeartbeat(TestHeartbeats.complete(), key).statusCode()).isEqualTo(204);

      HttpResponse<String> retry = postHeartbeat(TestHeartbeats.complete(), key);

      assertThat(retry.statusCode()).isEqualTo(204);
      assertThat(onlyDay(INSTALL).path("surface_requests").path("mcp").asLong()).isEqualTo(40);
      postHeartbeat(TestHeartbeats.complete(), UUID.randomUUID().toString());
      assertThat(onlyDay(INSTALL).path("surface_requests").path("mcp").asLong()).isEqualTo(80);
    }

    @Test
    void aRetryAfterMidnightOfYesterdaysKeyIsNotAddedToToday() throws Exception {
      String key = UUID.randomUUID().toString();
      clock.set(Instant.parse("2025-03-01T23:59:59Z"));
      postHeartbeat(TestHeartbeats.complete(), key);
      clock.set(Instant.parse("2025-03-02T00:00:01Z"));

      assertThat(postHeartbeat(TestHeartbeats.complete(), key).statusCode()).isEqualTo(204);

      assertThat(storedVersions(INSTALL)).containsExactly("2025-03-01 v0.25.0");
    }

    @Test
    void addsEveryHeartbeatSentWithoutAKeyAsUpstreamsClientSendsThem() throws Exception {
      postHeartbeat(TestHeartbeats.complete());
      postHeartbeat(TestHeartbeats.complete());
      postHeartbeat(TestHeartbeats.complete());

      assertThat(onlyDay(INSTALL).path("surface_requests").path("mcp").asLong()).isEqualTo(120);
    }

    @Test
    void manyHeartbeatsOfOneInstallAtOnceAddUpExactly() throws Exception {
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String key = "k" + (i % 25);
        answers.add(
            http.sendAsync(
                HttpRequest.newBuilder(resolve("v1/heartbeat"))
                    .header("Content-Type", Exchange.JSON)
                    .header(HeartbeatIntake.IDEMPOTENCY_KEY, key)
                    .POST(
                        BodyPublishers.ofByteArray(TestHeartbeats.bytes(TestHeartbeats.complete())))
                    .build(),
                BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
      }

      assertThat(onlyDay(INSTALL).path("surface_requests").path("mcp").asLong()).isEqualTo(25 * 40);
    }

    @Test
    void statisticsSumTheDaysCounters() throws Exception {
      postHeartbeat(TestHeartbeats.complete());
      postHeartbeat(TestHeartbeats.complete());

      JsonNode stats = json(get("v1/stats"));

      long total = 0;
      for (JsonNode surface : stats.path("surfaces")) {
        total += surface.path("total").asLong();
      }
      assertThat(total).isEqualTo(2 * (2 + 40 + 1 + 3));
    }
  }

  @Nested
  class RawJsonWindow {
    @Test
    void dropsTheRawJsonOfDaysPastTheWindowAndKeepsTheirStatistics() throws Exception {
      Collector keepingTwoDays = start(options().withKeepRawDays(2));
      postHeartbeat(keepingTwoDays, TestHeartbeats.complete());
      clock.set(Instant.parse("2025-03-02T10:00:00Z"));
      postHeartbeat(keepingTwoDays, TestHeartbeats.complete());
      clock.set(Instant.parse("2025-03-03T10:00:00Z"));

      keepingTwoDays.closeFinishedDays();

      List<StoredHeartbeat> days = keepingTwoDays.storedHeartbeats(INSTALL);
      assertThat(days).extracting(StoredHeartbeat::day).containsExactly("2025-03-01", "2025-03-02");
      assertThat(days.get(0).payload()).isEmpty();
      assertThat(TestHeartbeats.MAPPER.readTree(days.get(1).payload()).path("os").asText())
          .isEqualTo("linux");
      JsonNode stats =
          json(
              send(
                  HttpRequest.newBuilder(
                          keepingTwoDays
                              .baseUri()
                              .resolve("v1/stats?from=2025-03-01&to=2025-03-01"))
                      .build()));
      assertThat(stats.path("daily_active_installs").get(0).path("installs").asLong()).isEqualTo(1);
      long mcp = 0;
      for (JsonNode surface : stats.path("surfaces")) {
        mcp += surface.path("total").asLong();
      }
      assertThat(mcp).isEqualTo(2 + 40 + 1 + 3);
    }
  }

  @Nested
  class EveryAnswerIsJson {
    @Test
    void refusesANonFiniteSchemaVersionWith400() throws Exception {
      byte[] body =
          TestHeartbeats.complete()
              .toString()
              .replace("\"schema_version\":3", "\"schema_version\":1e400")
              .getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> response = post("v1/heartbeat", Exchange.JSON, body);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).path("error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void refusesFeedbackWithAnOverlongSlashWith400AndStoresNothing() throws Exception {
      byte[] body =
          "{\"category\":\"bug\",\"message\":\"A path with @ in it here\"}"
              .getBytes(StandardCharsets.UTF_8);
      byte[] overlong = new byte[body.length + 1];
      int at = 0;
      for (byte b : body) {
        if (b == '@') {
          overlong[at++] = (byte) 0xC0;
          overlong[at++] = (byte) 0xAF;
        } else {
          overlong[at++] = b;
        }
      }

      HttpResponse<String> response = post("v1/feedback", Exchange.JSON, overlong);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).path("message").asText()).isEqualTo("body is not valid UTF-8");
      assertThat(collector.storedFeedback(10)).isEmpty();
    }

    @Test
    void refusesAQueryStringThatDoesNotDecodeWith400() throws Exception {
      RawHttp.Answer answer =
          RawHttp.send(
              collector.port(), RawHttp.request("GET", "/v1/stats?from=%E0%80%AF", null, null));

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.header("Content-Type")).startsWith(Exchange.JSON);
      assertThat(TestHeartbeats.MAPPER.readTree(answer.body()).has("error")).isTrue();
    }

    @Test
    void refusesADateBeyondYear9999With400() throws Exception {
      HttpResponse<String> response = get("v1/stats?from=9999-12-01&to=+999999999-12-31");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(json(response).path("field").asText()).isEqualTo("to");
    }

    @Test
    void answersRequestsJettyRefusesItselfWithJson() throws Exception {
      List<byte[]> requests =
          List.of(
              "GARBAGE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
              "OPTIONS  HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
              "GET / HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
              "POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1),
              "GET /v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1),
              ("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1),
              ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1),
              "POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
                  .getBytes(StandardCharsets.ISO_8859_1));
      for (byte[] request : requests) {
        RawHttp.Answer answer = RawHttp.send(collector.port(), request);

        assertThat(answer.status()).as(answer.head()).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(answer.head()).startsWith(Exchange.JSON);
        assertThat(TestHeartbeats.MAPPER.readTree(answer.body()).path("error").isTextual())
            .as(answer.body())
            .isTrue();
      }
    }
  }

  @Nested
  class DeleteInstall {
    @Test
    void erasesEveryRowOfTheInstallAndAnswers204() throws Exception {
      String other = UUID.randomUUID().toString();
      postHeartbeat(TestHeartbeats.complete());
      postHeartbeat(TestHeartbeats.complete().put("anonymous_id", other));
      clock.advance(Duration.ofDays(1));
      postHeartbeat(TestHeartbeats.complete());

      HttpResponse<String> response = delete("v1/installs/" + INSTALL);

      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(storedVersions(INSTALL)).isEmpty();
      assertThat(storedVersions(other)).hasSize(1);
    }

    @Test
    void answers204AlsoForAnInstallNeverSeen() throws Exception {
      HttpResponse<String> response = delete("v1/installs/" + UUID.randomUUID());

      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(response.body()).isEmpty();
    }

    @Test
    void refusesAnIdThatIsNotAUuid() throws Exception {
      assertThat(delete("v1/installs/alice").statusCode()).isEqualTo(400);
    }
  }

  @Nested
  class Feedback {
    @Test
    void storesValidFeedbackAndAnswersSuccess() throws Exception {
      HttpResponse<String> response =
          post(
              "v1/feedback",
              Exchange.JSON,
              ("{\"category\":\"feature\",\"message\":\"Please add a dark mode.\","
                      + "\"email\":\"dev@example.org\",\"context\":{\"version\":\"v0.25.0\","
                      + "\"edition\":\"personal\",\"os\":\"linux\",\"arch\":\"amd64\","
                      + "\"server_count\":3,\"connected_server_count\":2,"
                      + "\"routing_mode\":\"retrieve_tools\"}}")
                  .getBytes(StandardCharsets.UTF_8));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json(response).path("success").asBoolean()).isTrue();
      JsonNode listed = json(send(listFeedback(token())));
      JsonNode first = listed.path("feedback").path(0);
      assertThat(first.path("category").asText()).isEqualTo("feature");
      assertThat(first.path("message").asText()).isEqualTo("Please add a dark mode.");
      assertThat(first.path("email").asText()).isEqualTo("dev@example.org");
      assertThat(first.path("context").path("server_count").asInt()).isEqualTo(3);
      assertThat(first.path("received_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
    }

    @Test
    void refusesFeedbackTheClientWouldRefuseWith400() throws Exception {
      HttpResponse<String> shortMessage =
          post(
              "v1/feedback",
              Exchange.JSON,
              "{\"category\":\"bug\",\"message\":\"too short\"}".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> badCategory =
          post(
              "v1/feedback",
              Exchange.JSON,
              "{\"category\":\"rant\",\"message\":\"This is long enough.\"}"
                  .getBytes(StandardCharsets.UTF_8));

      assertThat(shortMessage.statusCode()).isEqualTo(400);
      assertThat(badCategory.statusCode()).isEqualTo(400);
      assertThat(json(send(listFeedback(token()))).path("feedback")).isEmpty();
    }

    @Test
    void readingFeedbackNeedsTheBearerToken() throws Exception {
      HttpResponse<String> anonymous =
          send(HttpRequest.newBuilder(collector.baseUri().resolve("v1/feedback")).GET().build());
      HttpResponse<String> wrongToken = send(listFeedback("x".repeat(43)));
      HttpResponse<String> rightToken = send(listFeedback(token()));

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
      assertThat(wrongToken.statusCode()).isEqualTo(401);
      assertThat(rightToken.statusCode()).isEqualTo(200);
    }

    @Test
    void generatesTheTokenIntoTheDataDirectoryReadableByTheOwnerOnly() throws Exception {
      Path file = collector.adminTokenFile();

      assertThat(collector.adminTokenGenerated()).isTrue();
      assertThat(file).isEqualTo(dataDir.resolve(CollectorOptions.GENERATED_TOKEN_FILE));
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    private HttpRequest listFeedback(String token) {
      return HttpRequest.newBuilder(collector.baseUri().resolve("v1/feedback"))
          .header("Authorization", "Bearer " + token)
          .GET()
          .build();
    }

    private String token() throws IOException {
      return Files.readString(collector.adminTokenFile()).trim();
    }
  }

  @Nested
  class GetStats {
    @Test
    void foldsGroupsOfFewerThanFiveInstallsIntoOther() throws Exception {
      for (int i = 0; i < 6; i++) {
        postHeartbeat(TestHeartbeats.ofNewInstall().put("os", "linux"));
      }
      postHeartbeat(TestHeartbeats.ofNewInstall().put("os", "darwin"));
      postHeartbeat(TestHeartbeats.ofNewInstall().put("os", "darwin"));
      postHeartbeat(TestHeartbeats.ofNewInstall().put("os", "windows"));

      JsonNode stats = json(get("v1/stats?from=2025-03-01&to=2025-03-01"));

      assertThat(stats.path("installs").asLong()).isEqualTo(9);
      assertThat(stats.path("installs_by").path("os").toString())
          .isEqualTo("[{\"key\":\"linux\",\"installs\":6},{\"key\":\"other\",\"installs\":3}]");
      assertThat(stats.path("daily_active_installs").toString())
          .isEqualTo("[{\"day\":\"2025-03-01\",\"installs\":9}]");
    }

    @Test
    void answersAQueryPastItsTimeLimitWithJson503AndRetryAfter() throws Exception {
      Collector bounded = start(options().withQueryTimeout(Duration.ofNanos(1)));

      HttpResponse<String> response =
          send(HttpRequest.newBuilder(bounded.baseUri().resolve("v1/stats")).GET().build());

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
      assertThat(json(response).path("error").asText()).isEqualTo("query_timeout");
    }

    @Test
    void defaultsToTheLast30DaysOnTheCollectorsClock() throws Exception {
      JsonNode stats = json(get("v1/stats"));

      assertThat(stats.path("from").asText()).isEqualTo("2025-01-31");
      assertThat(stats.path("to").asText()).isEqualTo("2025-03-01");
      assertThat(stats.path("daily_active_installs")).hasSize(30);
    }

    @Test
    void answersEachViewAsJsonAndAsCsvWithTheSameFigures() throws Exception {
      for (int i = 0; i < 6; i++) {
        postHeartbeat(TestHeartbeats.ofNewInstall().put("env_kind", "interactive"));
        postHeartbeat(TestHeartbeats.ofNewInstall().put("env_kind", "ci"));
      }

      for (String view : List.of("overview", "retention", "activity", "versions", "funnel")) {
        HttpResponse<String> answer = get("v1/stats/" + view + "?from=2025-03-01&to=2025-03-01");
        assertThat(answer.statusCode()).as(view).isEqualTo(200);
        assertThat(json(answer).path("from").asText()).isEqualTo("2025-03-01");
        HttpResponse<String> csv =
            get("v1/stats/" + view + "?from=2025-03-01&to=2025-03-01&format=csv");
        assertThat(csv.statusCode()).as(view).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.headers().firstValue("Content-Disposition"))
            .hasValue(
                "attachment; filename=\"mcpproxy-telemetry-"
                    + view
                    + "-2025-03-01-2025-03-01.csv\"");
      }
      assertThat(get("v1/stats/activity?from=2025-03-01&to=2025-03-01&format=csv").body())
          .isEqualTo("day,active,new,returning,gone\r\n2025-03-01,12,12,0,0\r\n");
      assertThat(
              get("v1/stats/activity?from=2025-03-01&to=2025-03-01&people_only=true&format=csv")
                  .body())
          .isEqualTo("day,active,new,returning,gone\r\n2025-03-01,6,6,0,0\r\n");
      assertThat(
              json(get("v1/stats?from=2025-03-01&to=2025-03-01&env_kind=ci"))
                  .path("installs")
                  .asLong())
          .isEqualTo(6);
    }

    @Test
    void refusesAFilterThatKeepsOrLeavesOutFewerThanFiveInstallsWith422() throws Exception {
      for (int i = 0; i < 6; i++) {
        postHeartbeat(TestHeartbeats.ofNewInstall().put("os", "linux"));
      }
      postHeartbeat(TestHeartbeats.ofNewInstall().put("os", "darwin"));

      for (String query : List.of("os=darwin", "os=linux", "os=linux,windows")) {
        HttpResponse<String> answer = get("v1/stats/funnel?from=2025-03-01&to=2025-03-01&" + query);
        assertThat(answer.statusCode()).as(query).isEqualTo(422);
        assertThat(json(answer).path("error").asText()).isEqualTo("filter_too_narrow");
      }
      assertThat(get("v1/stats?from=2025-03-01&to=2025-03-01&os=freebsd").statusCode())
          .as("a filter that keeps nothing and leaves out everyone")
          .isEqualTo(200);
    }

    @Test
    void refusesUnknownViewsFormatsAndFilterValues() throws Exception {
      assertThat(get("v1/stats/everything").statusCode()).isEqualTo(404);
      assertThat(get("v1/stats/funnel?format=xml").statusCode()).isEqualTo(400);
      assertThat(get("v1/stats/funnel?os=linux%3B1").statusCode()).isEqualTo(400);
      assertThat(get("v1/stats/funnel?people_only=maybe").statusCode()).isEqualTo(400);
      assertThat(json(get("v1/stats/funnel?os=linux%3B1")).path("field").asText()).isEqualTo("os");
    }

    @Test
    void refusesMalformedOrReversedDatesWith400() throws Exception {
      assertThat(get("v1/stats?from=yesterday").statusCode()).isEqualTo(400);
      assertThat(get("v1/stats?from=2025-03-02&to=2025-03-01").statusCode()).isEqualTo(400);
      assertThat(get("v1/stats?from=2020-01-01&to=2025-03-01").statusCode()).isEqualTo(400);
    }
  }

  @Nested
  class InProcessReads {
    @Test
    void showWhatIsStoredOfAnInstallAndTheFeedback() throws Exception {
      ObjectNode heartbeat = TestHeartbeats.complete();
      postHeartbeat(heartbeat);
      post(
          "v1/feedback",
          Exchange.JSON,
          "{\"category\":\"other\",\"message\":\"Works nicely, thanks.\"}"
              .getBytes(StandardCharsets.UTF_8));

      List<StoredHeartbeat> stored = collector.storedHeartbeats(INSTALL);
      List<StoredFeedback> feedback = collector.storedFeedback(10);

      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).day()).isEqualTo("2025-03-01");
      assertThat(TestHeartbeats.MAPPER.readTree(stored.get(0).payload())).isEqualTo(heartbeat);
      assertThat(feedback)
          .extracting(StoredFeedback::message)
          .containsExactly("Works nicely, thanks.");
      assertThat(collector.clientEndpoint().toString())
          .isEqualTo("http://127.0.0.1:" + collector.port() + "/v1");
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void keepsItsDataAcrossARestart() throws Exception {
      postHeartbeat(TestHeartbeats.complete());
      collector.close();

      collector = start(options());

      assertThat(json(get("v1/stats?from=2025-03-01&to=2025-03-01")).path("installs").asLong())
          .isEqualTo(1);
      assertThat(collector.adminTokenGenerated()).isFalse();
    }

    @Test
    void addsUpTheDaysCountersAcrossARestart() throws Exception {
      ObjectNode heartbeat = TestHeartbeats.complete();
      postHeartbeat(heartbeat);
      collector.close();
      collector = start(options());

      assertThat(postHeartbeat(heartbeat).statusCode()).isEqualTo(204);

      JsonNode day = onlyDay(INSTALL);
      assertThat(day.path("surface_requests").path("mcp").asLong())
          .isEqualTo(2 * heartbeat.path("surface_requests").path("mcp").asLong());
      JsonNode servers = heartbeat.path("rest_endpoint_calls").path("GET /api/v1/servers");
      assertThat(servers.path("2xx").asLong()).isPositive();
      assertThat(day.path("rest_endpoint_calls").path("GET /api/v1/servers").path("2xx").asLong())
          .isEqualTo(2 * servers.path("2xx").asLong());
    }

    @Test
    void closeFinishesARequestInFlightBeforeStopping() throws Exception {
      CountDownLatch commitReached = new CountDownLatch(1);
      CountDownLatch releaseCommit = new CountDownLatch(1);
      AtomicBoolean first = new AtomicBoolean(true);
      collector.close();
      collector =
          start(
              Collector.builder(options())
                  .clock(clock)
                  .beforeCommit(
                      () -> {
                        if (first.getAndSet(false)) {
                          commitReached.countDown();
                          releaseCommit.await();
                        }
                      }));

      CompletableFuture<HttpResponse<String>> inFlight =
          http.sendAsync(
              request(
                  "v1/heartbeat",
                  Exchange.JSON,
                  BodyPublishers.ofByteArray(TestHeartbeats.bytes(TestHeartbeats.complete()))),
              BodyHandlers.ofString());
      Collector closing = collector;
      CompletableFuture<Void> closed;
      boolean answeredBeforeCommit;
      try {
        assertThat(commitReached.await(10, TimeUnit.SECONDS)).isTrue();
        closed = CompletableFuture.runAsync(closing::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!closing.isStopping() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(closing.isStopping()).isTrue();
        // Stopping shortens the idle timeout of every connection; a commit that takes longer than
        // that must still be answered.
        Thread.sleep(Collector.SHUTDOWN_IDLE_TIMEOUT.multipliedBy(3).toMillis());
        answeredBeforeCommit = inFlight.isDone();
      } finally {
        releaseCommit.countDown();
      }

      assertThat(answeredBeforeCommit).isFalse();
      assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
      closed.get(10, TimeUnit.SECONDS);
      assertThat(storedVersions(INSTALL)).containsExactly("2025-03-01 v0.25.0");
    }
  }

  @Nested
  class Protection {
    @Test
    void answers429WithRetryAfterWhenAnAddressExceedsItsRate() throws Exception {
      collector.close();
      collector = start(options().withRateLimit(new RateLimit(1, 2)));

      int first = get("v1/stats").statusCode();
      int second = get("/").statusCode();
      HttpResponse<String> third = get("v1/stats");
      int health = get("healthz").statusCode();
      clock.advance(Duration.ofSeconds(1));
      int afterAWhile = get("v1/stats").statusCode();

      assertThat(first).isEqualTo(200);
      assertThat(second).isEqualTo(200);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("Retry-After")).contains("1");
      assertThat(health).isEqualTo(200);
      assertThat(afterAWhile).isEqualTo(200);
    }

    @Test
    void countsRequestsByRouteAndStatusAndRejectionsByReason() throws Exception {
      postHeartbeat(TestHeartbeats.complete());
      post("v1/heartbeat", "text/plain", new byte[] {'{', '}'});
      get("no/such/page");

      String metrics = get("metrics").body();

      assertThat(metrics)
          .contains(
              "collector_http_requests_total{route=\"POST /v1/heartbeat\",status=\"204\"} 1.0")
          .contains(
              "collector_http_requests_total{route=\"POST /v1/heartbeat\",status=\"415\"} 1.0")
          .contains("collector_http_requests_total{route=\"UNMATCHED\",status=\"404\"} 1.0")
          .contains("collector_rejections_total{reason=\"unsupported_media_type\"} 1.0")
          .contains("collector_ingest_latency_seconds_count 1")
          .doesNotContain("no/such/page");
    }

    @Test
    void answers405WithAllowForAKnownPathAndAnotherMethod() throws Exception {
      HttpResponse<String> response = post("v1/stats", Exchange.JSON, new byte[] {'{', '}'});

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void servesTheDashboardWithAPolicyThatAllowsOnlyItsOwnFiles() throws Exception {
      HttpResponse<String> page = get("/");
      HttpResponse<String> chartJs = get("assets/chart.umd.min.js");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/assets/chart.umd.min.js").doesNotContain("https://");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'"));
      assertThat(chartJs.statusCode()).isEqualTo(200);
      assertThat(chartJs.body()).contains("Chart");
      assertThat(get("assets/missing.js").statusCode()).isEqualTo(404);
    }
  }

  private List<String> storedVersions(String anonymousId) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT day, version FROM heartbeats WHERE anonymous_id = ? ORDER BY day")) {
      select.setString(1, anonymousId);
      List<String> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1) + " " + result.getString(2));
        }
      }
      return rows;
    }
  }

  private List<String> everyColumnName() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = database.connect()) {
      for (String table : tables(connection)) {
        try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, null)) {
          while (columns.next()) {
            names.add(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return names;
  }

  private List<String> everyStoredValue() throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = database.connect()) {
      for (String table : tables(connection)) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              String value = rows.getString(i);
              if (value != null) {
                values.add(value);
              }
            }
          }
        }
      }
    }
    return values;
  }

  private List<String> tables(Connection connection) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    String schema = kind == TestDatabase.Kind.POSTGRESQL ? connection.getSchema() : null;
    List<String> tables = new ArrayList<>();
    try (ResultSet result =
        metadata.getTables(null, schema, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
      while (result.next()) {
        tables.add(result.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).contains("install_days", "raw_heartbeats", "feedback");
    return tables;
  }

  private static byte[] paddedTo(int size) {
    String json = TestHeartbeats.complete().toString();
    return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> postHeartbeat(ObjectNode heartbeat) throws Exception {
    return post("v1/heartbeat", Exchange.JSON, TestHeartbeats.bytes(heartbeat));
  }

  private HttpResponse<String> postHeartbeat(Collector target, ObjectNode heartbeat)
      throws Exception {
    return send(
        HttpRequest.newBuilder(target.baseUri().resolve("v1/heartbeat"))
            .header("Content-Type", Exchange.JSON)
            .POST(BodyPublishers.ofByteArray(TestHeartbeats.bytes(heartbeat)))
            .build());
  }

  private HttpResponse<String> postHeartbeat(ObjectNode heartbeat, String idempotencyKey)
      throws Exception {
    return send(
        HttpRequest.newBuilder(resolve("v1/heartbeat"))
            .header("Content-Type", Exchange.JSON)
            .header(HeartbeatIntake.IDEMPOTENCY_KEY, idempotencyKey)
            .POST(BodyPublishers.ofByteArray(TestHeartbeats.bytes(heartbeat)))
            .build());
  }

  private JsonNode onlyDay(String anonymousId) throws Exception {
    List<StoredHeartbeat> stored = collector.storedHeartbeats(anonymousId);
    assertThat(stored).hasSize(1);
    return TestHeartbeats.MAPPER.readTree(stored.get(0).payload());
  }

  private long columnOf(String anonymousId, String column) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + column + " FROM heartbeats WHERE anonymous_id = ?")) {
      select.setString(1, anonymousId);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getLong(1);
      }
    }
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return send(request(path, contentType, BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest request(String path, String contentType, BodyPublisher body) {
    return HttpRequest.newBuilder(resolve(path))
        .header("Content-Type", contentType)
        .POST(body)
        .build();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(resolve(path)).GET().build());
  }

  private HttpResponse<String> delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(resolve(path)).DELETE().build());
  }

  private URI resolve(String path) {
    return collector.baseUri().resolve(path);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return TestHeartbeats.MAPPER.readTree(response.body());
  }
}
