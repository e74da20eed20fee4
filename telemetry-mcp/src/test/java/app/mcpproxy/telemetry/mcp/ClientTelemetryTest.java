package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.testing.RecordingServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client side, for proxies: real SDK clients against real and broken upstreams on loopback. */
@Timeout(60)
class ClientTelemetryTest {
  private final CounterRegistry registry = new CounterRegistry();
  private final ActivationStore store = ActivationStore.inMemory(Clock.systemUTC());
  private final McpClientTelemetry upstreams = McpClientTelemetry.of(registry, () -> store);

  @Test
  void theFirstSuccessfulInitializeMarksTheFirstConnectedServer() throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo(DemoTools.SERVER_NAME, "1.0.0")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .build();
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp");
    jetty.setHandler(context);
    jetty.start();
    try (McpSyncClient client =
        client(
            URI.create("http://127.0.0.1:" + jetty.getURI().getPort()), Duration.ofSeconds(20))) {
      assertThat(store.load().firstConnectedServerEver()).isFalse();

      upstreams.initialize(client);

      assertThat(store.load().firstConnectedServerEver()).isTrue();
      assertThat(registry.snapshot().errorCategoryCounts()).isEmpty();
    } finally {
      server.close();
      jetty.stop();
    }
  }

  @Test
  void aRefusedConnectionCountsAsConnectRefused() {
    URI nothingListens = RecordingServer.refusingEndpoint();
    try (McpSyncClient client = client(origin(nothingListens), Duration.ofSeconds(10))) {
      assertThatThrownBy(() -> upstreams.initialize(client)).isInstanceOf(RuntimeException.class);
    }

    assertThat(registry.snapshot().errorCategoryCounts())
        .isEqualTo(Map.of("upstream_connect_refused", 1L));
    assertThat(store.load().firstConnectedServerEver()).isFalse();
  }

  @Test
  void anUpstreamThatNeverAnswersCountsAsConnectTimeout() {
    try (RecordingServer silent = RecordingServer.start()) {
      silent.replyByDefault(RecordingServer.Reply.hanging());
      try (McpSyncClient client = client(origin(silent.endpoint()), Duration.ofMillis(500))) {
        assertThatThrownBy(() -> upstreams.initialize(client)).isInstanceOf(RuntimeException.class);
      }
    }

    assertThat(registry.snapshot().errorCategoryCounts())
        .isEqualTo(Map.of("upstream_connect_timeout", 1L));
  }

  @Test
  void anUpstreamThatAnswersNonsenseCountsAsHandshakeFailed() {
    try (RecordingServer broken = RecordingServer.start()) {
      broken.replyByDefault(
          RecordingServer.Reply.status(200)
              .withHeader("Content-Type", "application/json")
              .withBody("{\"not\":\"json-rpc\"}"));
      try (McpSyncClient client = client(origin(broken.endpoint()), Duration.ofSeconds(5))) {
        assertThatThrownBy(() -> upstreams.initialize(client)).isInstanceOf(RuntimeException.class);
      }
    }

    assertThat(registry.snapshot().errorCategoryCounts())
        .isEqualTo(Map.of("upstream_handshake_failed", 1L));
    assertThat(store.load().firstConnectedServerEver()).isFalse();
  }

  private static URI origin(URI endpoint) {
    return URI.create("http://127.0.0.1:" + endpoint.getPort());
  }

  private static McpSyncClient client(URI origin, Duration initializationTimeout) {
    return McpClient.sync(
            HttpClientStreamableHttpTransport.builder(origin.toString()).endpoint("/mcp").build())
        .clientInfo(Implementation.builder("my-gateway", "1.0.0").build())
        .initializationTimeout(initializationTimeout)
        .requestTimeout(initializationTimeout)
        .build();
  }
}
