package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.http.HeartbeatIntake;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a collector that forwards every request, waits for the
 * collector's answer, and drops the answers of the first {@code n} heartbeats: the collector has
 * stored them, but the client sees its connection closed, as when an answer is lost on the way.
 */
final class LosingProxy implements AutoCloseable {
  private final HttpServer server;
  private final URI target;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger answersToLose = new AtomicInteger();
  private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

  LosingProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  /** The endpoint a client sends to, such as {@code http://127.0.0.1:PORT/v1}. */
  URI clientEndpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  void loseNextHeartbeatAnswers(int count) {
    answersToLose.set(count);
  }

  /** The Idempotency-Key header of each heartbeat that passed, {@code ""} when it had none. */
  List<String> idempotencyKeys() {
    return idempotencyKeys;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(path.substring(1)))
              .method(exchange.getRequestMethod(), BodyPublishers.ofByteArray(body));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      String key = exchange.getRequestHeaders().getFirst(HeartbeatIntake.IDEMPOTENCY_KEY);
      if (key != null) {
        request.header(HeartbeatIntake.IDEMPOTENCY_KEY, key);
      }
      boolean heartbeat = path.endsWith("/heartbeat");
      if (heartbeat) {
        idempotencyKeys.add(key == null ? "" : key);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (heartbeat && answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        // Closing without a status line: the client sees the connection end with no answer.
        return;
      }
      byte[] answer = response.body();
      response
          .headers()
          .firstValue("Content-Type")
          .ifPresent(value -> exchange.getResponseHeaders().set("Content-Type", value));
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
