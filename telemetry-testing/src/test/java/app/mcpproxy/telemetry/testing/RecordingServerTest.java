package app.mcpproxy.telemetry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.testing.RecordingServer.Recorded;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordingServerTest {
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI at(RecordingServer server, String path) {
    return URI.create(server.endpoint() + path);
  }

  @Test
  void listensOnLoopbackAndRecordsEachRequest() throws Exception {
    try (RecordingServer server = RecordingServer.start()) {
      assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(server.endpoint().getPath()).isEqualTo("/v1");

      HttpResponse<String> response = post(at(server, "/heartbeat"), "{\"a\":1}");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"ok\":true}");
      assertThat(server.requests())
          .singleElement()
          .satisfies(
              (Recorded r) -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/v1/heartbeat");
                assertThat(r.header("content-type")).isEqualTo("application/json");
                assertThat(r.header("X-Absent")).isNull();
                assertThat(r.bodyText()).isEqualTo("{\"a\":1}");
              });
      assertThat(server.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void queuedRepliesComeFirstThenPathAnswersThenTheDefault() throws Exception {
    try (RecordingServer server = RecordingServer.start()) {
      server.answer("/feedback", Reply.json(201, "{\"success\":true}"));
      server.replyByDefault(Reply.status(204));
      server.enqueue(Reply.status(503).withHeader("Retry-After", "60"));

      HttpResponse<String> queued = post(at(server, "/feedback"), "{}");
      HttpResponse<String> byPath = post(at(server, "/feedback"), "{}");
      HttpResponse<String> byDefault = post(at(server, "/heartbeat"), "{}");

      assertThat(queued.statusCode()).isEqualTo(503);
      assertThat(queued.headers().firstValue("Retry-After")).hasValue("60");
      assertThat(byPath.statusCode()).isEqualTo(201);
      assertThat(byPath.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(byPath.body()).isEqualTo("{\"success\":true}");
      assertThat(byDefault.statusCode()).isEqualTo(204);
      assertThat(server.requests()).hasSize(3);
    }
  }

  @Test
  void aHangingReplyHoldsTheClientUntilItTimesOut() throws Exception {
    try (RecordingServer server = RecordingServer.start()) {
      server.enqueue(Reply.hanging());
      HttpRequest request =
          HttpRequest.newBuilder(at(server, "/heartbeat"))
              .timeout(Duration.ofMillis(300))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();

      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(HttpTimeoutException.class);
      assertThat(server.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void awaitRequestsGivesUpAfterTheTimeout() throws Exception {
    try (RecordingServer server = RecordingServer.start()) {
      assertThat(server.awaitRequests(1, Duration.ofMillis(50))).isFalse();
      assertThat(server.connectionCount()).isZero();
    }
  }

  @Test
  void nothingListensOnTheRefusingEndpoint() {
    URI refusing = RecordingServer.refusingEndpoint();

    assertThat(refusing.getHost()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> post(URI.create(refusing + "/heartbeat"), "{}"))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aClosedServerAcceptsNoConnection() throws Exception {
    URI endpoint;
    try (RecordingServer server = RecordingServer.start()) {
      endpoint = server.endpoint();
    }

    assertThatThrownBy(() -> post(URI.create(endpoint + "/heartbeat"), "{}"))
        .isInstanceOf(IOException.class);
  }
}
