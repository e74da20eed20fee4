package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.testing.RecordingServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SDK server over streamable HTTP in Jetty, instrumented, driven by the SDK's real client
 * from two differently named clients; then one heartbeat to a loopback server.
 */
@Timeout(60)
class StreamableHttpEndToEndTest {
  @TempDir Path dir;

  private RecordingServer collector;
  private TelemetryService service;
  private Server jetty;
  private McpSyncServer mcpServer;
  private final AtomicLong httpRequestsOnMcp = new AtomicLong();
  private final AtomicLong requestsExtracted = new AtomicLong();

  @BeforeEach
  void setUp() throws Exception {
    collector = RecordingServer.start();
    service = Heartbeats.service(dir, collector.endpoint());
    McpTelemetry telemetry = DemoTools.telemetry(McpTelemetry.builder(service));

    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(
                telemetry.contextExtractor(
                    request -> {
                      requestsExtracted.incrementAndGet();
                      return McpTransportContext.EMPTY;
                    }))
            .build();
    mcpServer =
        McpServer.sync(transport)
            .serverInfo(DemoTools.SERVER_NAME, "1.0.0")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .tools(telemetry.tools(DemoTools.sync()))
            .build();

    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp");
    // Counts what reaches the MCP endpoint, independently of the instrumentation under test.
    Filter counting =
        (request, response, chain) -> {
          httpRequestsOnMcp.incrementAndGet();
          chain.doFilter(request, response);
        };
    FilterHolder filter = new FilterHolder(counting);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/mcp", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (mcpServer != null) {
      mcpServer.close();
    }
    if (jetty != null) {
      jetty.stop();
    }
    if (service != null) {
      service.close();
    }
    collector.close();
  }

  @Test
  void twoClientsCallsAreInOneHeartbeatWithoutAnyNameOrArgument() throws Exception {
    for (String name : new String[] {"Claude-Code", "cursor-vscode"}) {
      try (McpSyncClient client = client(name)) {
        ClientScript.run(client);
      }
    }

    // Stopped first, so that no request of a closing client is in flight while counting.
    mcpServer.close();
    jetty.stop();
    assertThat(requestsExtracted.get())
        .isGreaterThanOrEqualTo(2L * ClientScript.REQUESTS)
        .isLessThanOrEqualTo(httpRequestsOnMcp.get());
    Heartbeats.sendOne(service);

    Heartbeats.assertHoldsScriptCounts(
        Heartbeats.onlyHeartbeat(collector), requestsExtracted.get(), "claude-code", "cursor");
  }

  private McpSyncClient client(String name) {
    String base = "http://127.0.0.1:" + jetty.getURI().getPort();
    return McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build())
        .clientInfo(Implementation.builder(name, "1.0.0").build())
        .requestTimeout(Duration.ofSeconds(20))
        .build();
  }
}
