package app.mcpproxy.telemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.counters.Vocabulary;
import app.mcpproxy.telemetry.model.Surface;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The filter in a real Jetty on loopback, in front of synchronous and asynchronous servlets. */
@Timeout(30)
class TelemetryFilterTest {
  private final CounterRegistry registry =
      new CounterRegistry(
          Vocabulary.of(
              List.of("/api/v1/servers", "/api/v1/servers/{name}", "/async/jobs/{id}"), List.of()));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Server jetty;

  @BeforeEach
  void setUp() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(new StatusServlet()), "/api/*");
    ServletHolder async = new ServletHolder(new AsyncServlet());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async/*");
    context.addServlet(new ServletHolder(new StatusServlet()), "/mcp");
    FilterHolder filter = new FilterHolder(TelemetryFilter.builder(registry).build());
    filter.setAsyncSupported(true);
    context.addFilter(
        filter,
        "/*",
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    jetty.stop();
  }

  @Test
  void aRequestCountsUnderItsTemplateWithItsStatusClassNeverItsPath() throws Exception {
    get("/api/v1/servers/github-private?status=200", null);
    get("/api/v1/servers/other?status=404", null);
    get("/api/v1/servers?status=201", null);

    assertThat(rest())
        .containsOnly(
            Map.entry("GET /api/v1/servers/{name}", Map.of("2xx", 1L, "4xx", 1L)),
            Map.entry("GET /api/v1/servers", Map.of("2xx", 1L)));
  }

  @Test
  void aPathOutsideTheTemplatesCountsAsUnmatched() throws Exception {
    get("/api/v1/secret-project/files?status=200", null);

    assertThat(rest()).containsOnly(Map.entry("UNMATCHED", Map.of("2xx", 1L)));
  }

  @Test
  void aThrowingHandlerCountsAsServerError() throws Exception {
    get("/api/v1/servers/x?throw=true", null);

    assertThat(rest()).containsOnly(Map.entry("GET /api/v1/servers/{name}", Map.of("5xx", 1L)));
  }

  @Test
  void anAsyncRequestCountsOnceWithTheStatusItCompletedWith() throws Exception {
    HttpResponse<String> response = get("/async/jobs/42?status=503", null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(awaitRest("GET /async/jobs/{id}"))
        .containsOnly(Map.entry("GET /async/jobs/{id}", Map.of("5xx", 1L)));
  }

  @Test
  void theSurfaceComesFromTheClientHeader() throws Exception {
    get("/api/v1/servers?status=200", "webui/1.2.0");
    get("/api/v1/servers?status=200", "cli/1.2.0");
    get("/api/v1/servers?status=200", "tray");
    get("/api/v1/servers?status=200", null);

    RegistrySnapshot snapshot = registry.snapshot();
    assertThat(snapshot.surfaceRequests())
        .containsEntry(Surface.WEBUI.wireName(), 1L)
        .containsEntry(Surface.CLI.wireName(), 1L)
        .containsEntry(Surface.TRAY.wireName(), 1L)
        .containsEntry(Surface.UNKNOWN.wireName(), 1L);
  }

  @Test
  void theMcpEndpointIsLeftToTheMcpInstrumentation() throws Exception {
    get("/mcp?status=200", "cli/1.0");

    RegistrySnapshot snapshot = registry.snapshot();
    assertThat(snapshot.restEndpointCalls()).isEmpty();
    assertThat(snapshot.surfaceRequests().values()).allMatch(count -> count == 0L);
  }

  private Map<String, Map<String, Long>> rest() {
    Map<String, Map<String, Long>> calls = new TreeMap<>();
    calls.putAll(registry.snapshot().restEndpointCalls());
    return calls;
  }

  private Map<String, Map<String, Long>> awaitRest(String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!rest().containsKey(key) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return rest();
  }

  private HttpResponse<String> get(String path, String clientHeader) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + jetty.getURI().getPort() + "/app" + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (clientHeader != null) {
      request.header(Surface.CLIENT_HEADER, clientHeader);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Answers with the status in {@code ?status=}, or throws for {@code ?throw=true}. */
  private static final class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if ("true".equals(request.getParameter("throw"))) {
        throw new IllegalStateException("handler failed");
      }
      response.setStatus(Integer.parseInt(request.getParameter("status")));
      response.getWriter().write("ok");
    }
  }

  /** Completes on another thread with the status in {@code ?status=}. */
  private static final class AsyncServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      int status = Integer.parseInt(request.getParameter("status"));
      AsyncContext async = request.startAsync();
      CompletableFuture.runAsync(
          () -> {
            HttpServletResponse later = (HttpServletResponse) async.getResponse();
            later.setStatus(status);
            async.complete();
          },
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }
  }
}
