package app.mcpproxy.telemetry.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A telemetry endpoint on 127.0.0.1 for tests: records every request and answers each path with a
 * fixed status and body. It stops when closed.
 */
final class LoopbackServer implements AutoCloseable {

  /**
   * One request as received.
   *
   * @param method the HTTP method
   * @param path the request path
   * @param contentType the {@code Content-Type} header, or {@code null}
   * @param body the body as UTF-8 text
   */
  record Request(String method, String path, String contentType, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  private LoopbackServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on a free loopback port that answers 202 with an empty body to anything. */
  static LoopbackServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      LoopbackServer loopback = new LoopbackServer(server);
      server.createContext("/", loopback::handle);
      server.setExecutor(loopback.executor);
      server.start();
      return loopback;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes requests whose path ends with {@code pathSuffix} get this status and body. */
  LoopbackServer answer(String pathSuffix, int status, String body) {
    answers.put(pathSuffix, new Answer(status, body));
    return this;
  }

  /** The endpoint base URL, such as {@code http://127.0.0.1:40123/v1}. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String path = exchange.getRequestURI().getPath();
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              path,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      Answer answer =
          answers.entrySet().stream()
              .filter(e -> path.endsWith(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(new Answer(202, ""));
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      if (!answer.body().isEmpty()) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
      }
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
