package app.mcpproxy.telemetry.example;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.mcp.McpTelemetry;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.service.TelemetryService;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small MCP server on the official MCP Java SDK, over streamable HTTP on loopback, with telemetry
 * wired in. It never sends a heartbeat: on exit it prints the one it would send.
 *
 * <p>{@code --demo} connects two SDK clients to itself, calls the tools, prints the heartbeat and
 * exits. {@code --port N} picks the port (default: any free one).
 */
public final class McpServerExample {
  private McpServerExample() {}

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    Path home = Files.createTempDirectory("mcp-server-example");
    boolean demo = options.contains("--demo");
    run(demo, port(options), home, System.out);
    if (demo) {
      // The SDK's client and server leave non-daemon worker threads behind.
      System.exit(0);
    }
  }

  static void run(boolean demo, int port, Path home, PrintStream out) throws Exception {
    // ---- telemetry: everything the host adds -------------------------------------------------
    TelemetryService telemetry = telemetry(home);
    McpTelemetry mcp =
        McpTelemetry.builder(telemetry)
            .builtinTools(Map.of(ExampleTools.SEARCH, BuiltinTool.RETRIEVE_TOOLS))
            .failureMapping(
                (tool, failure) ->
                    failure instanceof ExampleTools.QuarantinedException
                        ? ErrorCategory.TOOL_QUARANTINE_BLOCKED
                        : null)
            .build();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .mcpEndpoint("/mcp")
            .contextExtractor(mcp.contextExtractor())
            .build();
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo("example-mcp-server", "0.1.0")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .tools(mcp.tools(ExampleTools.all()))
            .build();
    // ---------------------------------------------------------------------------------------------

    Server jetty = jetty(transport, port);
    String url = "http://127.0.0.1:" + jetty.getURI().getPort() + "/mcp";
    out.println("MCP server (streamable HTTP): " + url);
    out.println(
        "Tools: "
            + ExampleTools.SEARCH
            + " (counted as retrieve_tools), "
            + ExampleTools.WEATHER
            + " (an upstream tool call), "
            + ExampleTools.DEPLOY
            + " (fails: tool_quarantine_blocked)");
    Runnable stop =
        () -> {
          server.close();
          stopQuietly(jetty);
          out.println("The heartbeat this server would send (nothing was sent):");
          out.println(pretty(telemetry.renderPayload()));
          telemetry.close();
        };
    if (demo) {
      for (String client : List.of("claude-code", "cursor")) {
        out.println("Client " + client + ": " + useTools(url, client));
      }
      stop.run();
      return;
    }
    out.println("Connect any MCP client to it; press Ctrl-C to stop.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static TelemetryService telemetry(Path home) throws ConfigException {
    return TelemetryService.builder()
        .config(home.resolve("mcp_config.json"))
        .dataDir(home)
        .version("0.1.0")
        .build();
  }

  /** Lists the tools and calls each one, as an MCP client would. */
  private static String useTools(String url, String clientName) {
    String origin = url.substring(0, url.length() - "/mcp".length());
    try (McpSyncClient client =
        McpClient.sync(HttpClientStreamableHttpTransport.builder(origin).endpoint("/mcp").build())
            .clientInfo(Implementation.builder(clientName, "1.0.0").build())
            .requestTimeout(Duration.ofSeconds(20))
            .build()) {
      client.initialize();
      int tools = client.listTools().tools().size();
      client.callTool(CallToolRequest.builder(ExampleTools.SEARCH).arguments(Map.of()).build());
      client.callTool(
          CallToolRequest.builder(ExampleTools.WEATHER).arguments(Map.of("city", "Lyon")).build());
      String deploy;
      try {
        deploy =
            client.callTool(CallToolRequest.builder(ExampleTools.DEPLOY).build()).isError()
                ? "refused"
                : "done";
      } catch (RuntimeException refused) {
        deploy = "refused";
      }
      return "listed " + tools + " tools, called each once (deploy " + deploy + ")";
    }
  }

  private static Server jetty(HttpServletStreamableServerTransportProvider transport, int port)
      throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder(transport);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp");
    jetty.setHandler(context);
    jetty.start();
    return jetty;
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception e) {
      // Stopping anyway.
    }
  }

  private static String pretty(byte[] json) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
    } catch (IOException e) {
      return new String(json, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static int port(List<String> options) {
    int at = options.indexOf("--port");
    return at >= 0 && at + 1 < options.size() ? Integer.parseInt(options.get(at + 1)) : 0;
  }
}
