package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of the stdio end-to-end test: an instrumented asynchronous SDK server on stdio.
 *
 * <p>The protocol gets the real standard output; {@code System.out} is replaced by a buffer, so
 * anything else that writes to it is caught. When the client ends the process, a shutdown hook
 * either sends one heartbeat ({@code send}) or keeps the counters for the next run ({@code keep}),
 * then writes a report file: whether the heartbeat was accepted and how many bytes reached {@code
 * System.out}.
 *
 * <p>Arguments: the telemetry directory, the collector endpoint, the report file, {@code send} or
 * {@code keep}.
 */
public final class StdioServerMain {
  private StdioServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    ByteArrayOutputStream stray = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));

    Path dir = Path.of(args[0]);
    URI endpoint = URI.create(args[1]);
    Path report = Path.of(args[2]);
    boolean send = args[3].equals("send");

    TelemetryService service = Heartbeats.service(dir, endpoint);
    McpTelemetry telemetry = DemoTools.telemetry(McpTelemetry.builder(service));
    StdioServerTransportProvider stdio =
        new StdioServerTransportProvider(McpJsonDefaults.getMapper(), System.in, protocolOut);
    McpAsyncServer server =
        McpServer.async(telemetry.transport(stdio))
            .serverInfo(DemoTools.SERVER_NAME, "1.0.0")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .tools(telemetry.asyncTools(DemoTools.async()))
            .build();

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  String sent = "kept";
                  if (send) {
                    SendResult result = service.sendNow();
                    sent = result.accepted() ? "accepted" : "refused " + result;
                  }
                  service.close();
                  server.close();
                  write(
                      report, "heartbeat=" + sent + "\nstray_stdout_bytes=" + stray.size() + "\n");
                }));
    new CountDownLatch(1).await();
  }

  private static void write(Path report, String text) {
    try {
      Files.writeString(report, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
