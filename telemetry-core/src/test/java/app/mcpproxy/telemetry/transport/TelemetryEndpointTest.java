package app.mcpproxy.telemetry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import app.mcpproxy.telemetry.model.FeedbackContext;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.testing.MutableClock;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Recorded;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryEndpointTest {
  private static final byte[] BODY = "{\"anonymous_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
  private static final String ID = "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e";

  private final MutableClock clock = MutableClock.at("2026-11-24T15:31:48Z");
  private RecordingServer server;

  @BeforeEach
  void startServer() {
    server = RecordingServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private TelemetryEndpoint endpoint(URI uri, Duration timeout) {
    return new TelemetryEndpoint(uri, TelemetryEndpoint.defaultClient(timeout), timeout, clock);
  }

  private TelemetryEndpoint endpoint() {
    return endpoint(server.endpoint(), Duration.ofSeconds(5));
  }

  private static FeedbackRequest feedback() {
    return new FeedbackRequest(
        "bug",
        "The tray icon disappears after sleep.",
        "",
        new FeedbackContext("v0.25.0", "personal", "linux", "amd64", 3, 2, "retrieve_tools"));
  }

  @Nested
  class Heartbeat {
    @Test
    void postsTheBytesAsJsonToTheHeartbeatPath() {
      EndpointResult result = endpoint().postHeartbeat(BODY);

      assertThat(result.isSuccess()).isTrue();
      assertThat(result.statusCode()).isEqualTo(200);
      Recorded request = server.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/heartbeat");
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.body()).isEqualTo(BODY);
    }

    @Test
    void userAgentNamesOnlyTheLibraryAndItsVersion() {
      endpoint().postHeartbeat(BODY);

      String userAgent = server.requests().get(0).header("User-Agent");
      assertThat(userAgent).matches("mcpproxy-telemetry-java/[0-9A-Za-z.+-]+");
      assertThat(userAgent).isEqualTo(endpoint().userAgent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "//", "///"})
    void trailingSlashesNeverDoubleTheSlash(String slashes) {
      URI withSlash = URI.create(server.endpoint() + slashes);

      endpoint(withSlash, Duration.ofSeconds(5)).postHeartbeat(BODY);

      assertThat(server.requests().get(0).path()).isEqualTo("/v1/heartbeat");
    }

    @Test
    void endpointWithoutPathPostsToRootHeartbeat() {
      URI root = URI.create("http://127.0.0.1:" + server.endpoint().getPort());

      endpoint(root, Duration.ofSeconds(5)).postHeartbeat(BODY);

      assertThat(server.requests().get(0).path()).isEqualTo("/heartbeat");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 429, 500, 503})
    void reportsErrorStatusWithoutThrowing(int status) {
      server.enqueue(Reply.status(status));

      EndpointResult result = endpoint().postHeartbeat(BODY);

      assertThat(result.isSuccess()).isFalse();
      assertThat(result.statusCode()).isEqualTo(status);
      assertThat(result.failure()).isEmpty();
      assertThat(result.describe()).isEqualTo("HTTP " + status);
    }

    @Test
    void neverFollowsARedirect() {
      server.enqueue(Reply.status(307).withHeader("Location", server.endpoint() + "/elsewhere"));

      EndpointResult result = endpoint().postHeartbeat(BODY);

      assertThat(result.statusCode()).isEqualTo(307);
      assertThat(result.isSuccess()).isFalse();
      assertThat(server.requests()).hasSize(1);
    }

    @Test
    void parsesRetryAfterSeconds() {
      server.enqueue(Reply.status(429).withHeader("Retry-After", "120"));

      EndpointResult result = endpoint().postHeartbeat(BODY);

      assertThat(result.retryAfter()).contains(Duration.ofMinutes(2));
    }

    @Test
    void parsesRetryAfterHttpDateAgainstTheClock() {
      server.enqueue(Reply.status(503).withHeader("Retry-After", "Tue, 24 Nov 2026 15:36:48 GMT"));

      EndpointResult result = endpoint().postHeartbeat(BODY);

      assertThat(result.retryAfter()).contains(Duration.ofMinutes(5));
    }

    @Test
    void ignoresMalformedRetryAfter() {
      server.enqueue(Reply.status(503).withHeader("Retry-After", "soon"));

      assertThat(endpoint().postHeartbeat(BODY).retryAfter()).isEmpty();
    }

    @Test
    void reportsTimeoutWhenTheServerDoesNotAnswerInTime() {
      server.enqueue(Reply.hanging());

      EndpointResult result =
          endpoint(server.endpoint(), Duration.ofMillis(300)).postHeartbeat(BODY);

      assertThat(result.statusCode()).isZero();
      assertThat(result.failure()).contains("timeout");
      assertThat(result.describe()).isEqualTo("timeout");
    }

    @Test
    void reportsRefusedConnection() {
      EndpointResult result =
          endpoint(RecordingServer.refusingEndpoint(), Duration.ofSeconds(5)).postHeartbeat(BODY);

      assertThat(result.statusCode()).isZero();
      assertThat(result.failure()).contains("connection refused");
    }

    @Test
    void returnsInterruptedAndKeepsTheFlagWhenTheCallerIsInterrupted() {
      server.enqueue(Reply.hanging());
      Thread.currentThread().interrupt();
      try {
        EndpointResult result = endpoint().postHeartbeat(BODY);

        assertThat(result.failure()).contains("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Nested
  class DeleteInstall {
    @Test
    void sendsDeleteForTheInstall() {
      server.enqueue(Reply.status(204));

      EndpointResult result = endpoint().deleteInstall(ID);

      assertThat(result.statusCode()).isEqualTo(204);
      Recorded request = server.requests().get(0);
      assertThat(request.method()).isEqualTo("DELETE");
      assertThat(request.path()).isEqualTo("/v1/installs/" + ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../heartbeat", "0B7C6E58-3F1D-4C1A-9A7E-2F4D5B6C7D8E", "abc"})
    void rejectsAnythingButALowerCaseUuid(String id) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> endpoint().deleteInstall(id))
          .withMessageContaining("not an anonymous id");
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Nested
  class Feedback {
    @Test
    void postsFeedbackWithContextAndReadsTheAnswer() throws Exception {
      server.enqueue(
          Reply.status(200)
              .withBody("{\"success\":true,\"issue_url\":\"https://example.test/issues/7\"}"));

      FeedbackResponse response = endpoint().postFeedback(feedback());

      assertThat(response)
          .isEqualTo(new FeedbackResponse(true, "https://example.test/issues/7", null));
      Recorded request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/feedback");
      JsonNode json = new ObjectMapper().readTree(request.body());
      assertThat(json.get("category").textValue()).isEqualTo("bug");
      assertThat(json.has("email")).isFalse();
      assertThat(json.get("context").get("server_count").intValue()).isEqualTo(3);
      assertThat(json.get("context").get("routing_mode").textValue()).isEqualTo("retrieve_tools");
    }

    @Test
    void writesEmailWhenGiven() throws IOException, EndpointException {
      FeedbackRequest withEmail =
          new FeedbackRequest(
              "other", "A message that is long enough.", "a@b.example", feedback().context());

      endpoint().postFeedback(withEmail);

      JsonNode json = new ObjectMapper().readTree(server.requests().get(0).body());
      assertThat(json.get("email").textValue()).isEqualTo("a@b.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"thanks!", "", "<html>ok</html>", "[1,2]"})
    void anyTwoHundredWithoutAJsonObjectIsSuccess(String body) throws EndpointException {
      server.enqueue(Reply.status(201).withBody(body));

      assertThat(endpoint().postFeedback(feedback()).success()).isTrue();
    }

    @Test
    void passesOnAnExplicitFailureInATwoHundredAnswer() throws EndpointException {
      server.enqueue(Reply.status(200).withBody("{\"success\":false,\"error\":\"spam\"}"));

      assertThat(endpoint().postFeedback(feedback()))
          .isEqualTo(new FeedbackResponse(false, null, "spam"));
    }

    @Test
    void clientErrorCarriesStatusAndAtMost200CharactersOfBody() {
      String longBody = "x".repeat(150) + "é".repeat(150);
      server.enqueue(Reply.status(422).withBody(longBody));

      assertThatExceptionOfType(EndpointException.class)
          .isThrownBy(() -> endpoint().postFeedback(feedback()))
          .satisfies(
              e -> {
                assertThat(e.statusCode()).isEqualTo(422);
                assertThat(e.getMessage()).contains("HTTP 422");
                assertThat(e.getMessage()).contains("x".repeat(150) + "é".repeat(50) + "…");
                assertThat(e.getMessage()).doesNotContain("é".repeat(51));
              });
    }

    @Test
    void redirectIsAnError() {
      server.enqueue(Reply.status(302).withHeader("Location", "https://example.test/"));

      assertThatExceptionOfType(EndpointException.class)
          .isThrownBy(() -> endpoint().postFeedback(feedback()))
          .satisfies(e -> assertThat(e.statusCode()).isEqualTo(302));
    }

    @Test
    void noAnswerIsAnErrorWithoutStatus() {
      TelemetryEndpoint refused =
          endpoint(RecordingServer.refusingEndpoint(), Duration.ofSeconds(5));

      assertThatExceptionOfType(EndpointException.class)
          .isThrownBy(() -> refused.postFeedback(feedback()))
          .satisfies(
              e -> {
                assertThat(e.statusCode()).isZero();
                assertThat(e.getMessage()).contains("connection refused");
              });
    }

    @Test
    void hugeBodyIsReadOnlyInPart() throws EndpointException {
      server.enqueue(Reply.status(200).withBody("y".repeat(1_000_000)));

      assertThat(endpoint().postFeedback(feedback()).success()).isTrue();
    }
  }

  @Nested
  class Construction {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "ftp://example.test/v1",
          "/v1",
          "https://example.test/v1?key=1",
          "https://example.test/v1#frag",
          "mailto:someone@example.test"
        })
    void rejectsEndpointsThatAreNotPlainHttpUris(String uri) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> endpoint(URI.create(uri), Duration.ofSeconds(1)))
          .withMessageContaining(uri);
    }

    @Test
    void rejectsNonPositiveTimeout() {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  new TelemetryEndpoint(
                      server.endpoint(),
                      TelemetryEndpoint.defaultClient(Duration.ofSeconds(1)),
                      Duration.ZERO,
                      clock))
          .withMessageContaining("PT0S");
    }

    @Test
    void defaultEndpointIsTheHostedCollector() {
      assertThat(TelemetryEndpoint.DEFAULT_ENDPOINT)
          .isEqualTo(URI.create("https://telemetry.mcpproxy.app/v1"));
      assertThat(TelemetryEndpoint.DEFAULT_REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void retryAfterIsOptionalOnSuccess() {
      assertThat(endpoint().postHeartbeat(BODY).retryAfter()).isEqualTo(Optional.empty());
    }
  }
}
