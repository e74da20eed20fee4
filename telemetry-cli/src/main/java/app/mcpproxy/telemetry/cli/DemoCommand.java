package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.collector.Collector;
import app.mcpproxy.telemetry.collector.CollectorOptions;
import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.env.FileProber;
import app.mcpproxy.telemetry.env.PPIDChecker;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.env.TTYChecker;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.FeedbackException;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole system on this machine, end to end: a collector on embedded SQLite in a
 * temporary directory, one heartbeat and one feedback from the client library into it, and what the
 * collector stored.
 */
@Command(
    name = "demo",
    header = "Run a collector and a client end to end on this machine.",
    sortOptions = false,
    description = {
      "Starts a collector on embedded SQLite in a temporary directory, sends it a heartbeat and a"
          + " feedback from the client library, prints what the collector stored and the"
          + " dashboard URL, then serves the dashboard until Ctrl-C.",
      "Nothing leaves this machine: everything goes to 127.0.0.1, and the temporary directory is"
          + " deleted at the end."
    })
final class DemoCommand implements Callable<Integer> {
  /** Variables that would switch the demo's own client off; it talks only to its own collector. */
  private static final List<String> OPT_OUT_VARIABLES =
      List.of("DO_NOT_TRACK", "CI", "MCPPROXY_TELEMETRY", "MCPPROXY_LAUNCHED_BY");

  private static final String DEMO_CONFIG =
      """
      {
        "routing_mode": "retrieve_tools",
        "mcpServers": [
          {"name": "demo-files", "command": "npx", "protocol": "stdio"},
          {"name": "demo-search", "url": "https://search.example/mcp", "protocol": "http"}
        ],
        "telemetry": {"enabled": true}
      }
      """;

  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:0",
      description = "Where the demo collector listens (default: a free port on 127.0.0.1).")
  private String listen;

  @Option(
      names = "--exit",
      description = "Stop after printing instead of serving the dashboard until Ctrl-C.")
  private boolean exit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path directory = Files.createTempDirectory("mcpproxy-telemetry-demo");
    Collector collector;
    try {
      collector =
          Collector.builder(
                  CollectorOptions.defaults(directory.resolve("collector")).withListen(listen))
              .build();
    } catch (IllegalArgumentException e) {
      deleteTree(directory);
      throw new UsageException(Messages.oneLine(e), e);
    }
    // On Ctrl-C the JVM exits once its shutdown hooks finish, possibly before this thread gets to
    // its finally block: the hook cleans up too.
    Thread stopper =
        new Thread(
            () -> {
              collector.close();
              deleteTree(directory);
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      collector.start();
      URI base = collector.baseUri();
      out.println("1. Collector started on embedded SQLite in " + directory);
      out.println("   listening on " + base);
      out.flush();
      runClient(directory.resolve("client"), base.resolve("v1"), out);
      printStored(collector, base, out);
      out.println();
      out.println("Dashboard: " + base);
      if (exit) {
        out.flush();
        return ExitCode.OK;
      }
      out.println("Serving the dashboard until Ctrl-C; then the demo directory is deleted.");
      out.flush();
      collector.awaitStop();
      return ExitCode.OK;
    } finally {
      collector.close();
      removeHook(stopper);
      deleteTree(directory);
    }
  }

  /** Sends one heartbeat and one feedback through the client library, as a host would. */
  private void runClient(Path home, URI endpoint, PrintWriter out)
      throws IOException, InvalidFeedbackException {
    Path dataDir = home.resolve(".mcpproxy");
    Files.createDirectories(dataDir);
    Path config = dataDir.resolve("mcp_config.json");
    Files.writeString(config, DEMO_CONFIG, StandardCharsets.UTF_8);
    TelemetryService.Builder builder =
        TelemetryService.builder()
            .config(config)
            .version(CliVersion.current())
            .edition(Edition.PERSONAL)
            .dataDir(dataDir)
            .processEnvironment(demoProcess(root.environment().process()))
            .clock(root.environment().clock())
            .endpoint(endpoint);
    try (TelemetryService service = build(builder)) {
      service.registry().recordSurface(Surface.CLI);
      service.registry().recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS);
      service.registry().recordUpstreamTool();
      SendResult sent = service.sendNow();
      out.println(
          "2. Heartbeat sent from the client library to "
              + endpoint
              + ": "
              + Messages.flatten(sent.detail()));
      if (!sent.accepted()) {
        throw new CommandFailure(
            "the demo collector did not accept the heartbeat: " + sent.detail());
      }
      FeedbackResponse feedback =
          service.submitFeedback(
              new FeedbackRequest("other", "Hello from the mcpproxy-telemetry demo.", null, null));
      out.println("3. Feedback sent: " + (feedback.success() ? "accepted" : feedback.error()));
      out.flush();
    } catch (FeedbackException e) {
      throw new CommandFailure(
          "the demo collector refused the feedback: " + Messages.oneLine(e), e);
    }
  }

  private static TelemetryService build(TelemetryService.Builder builder) {
    try {
      return builder.build();
    } catch (ConfigException e) {
      throw new CommandFailure(Messages.oneLine(e), e);
    }
  }

  /**
   * The real process without the variables that opt out: the demo's client sends only to the demo's
   * own collector on this machine, so a global opt-out does not apply to it.
   */
  private static ProcessEnvironment demoProcess(ProcessEnvironment real) {
    Map<String, String> env = new HashMap<>(real.env());
    OPT_OUT_VARIABLES.forEach(env::remove);
    ProcessEnvironment.Builder builder =
        ProcessEnvironment.builder()
            .env(env)
            .goOs(real.goOs())
            .goArch(real.goArch())
            .fileProber(FileProber.system())
            .tty(TTYChecker.system())
            .ppid(PPIDChecker.system(real.goOs()));
    real.hostname().ifPresent(builder::hostname);
    real.homeDirectory().ifPresent(builder::homeDirectory);
    return builder.build();
  }

  /** Prints the collector's aggregates for today and the feedback it keeps, read over HTTP. */
  private static void printStored(Collector collector, URI base, PrintWriter out)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String stats = get(http, base.resolve("v1/stats?from=" + today + "&to=" + today), null);
    String token = Files.readString(collector.adminTokenFile(), StandardCharsets.UTF_8).trim();
    String feedback = get(http, base.resolve("v1/feedback"), token);
    out.println();
    out.println(
        "4. What the collector stored (GET /v1/stats; groups under 5 installs show as other):");
    out.println(indent(Json.pretty(Json.parse(stats))));
    out.println("   Feedback (GET /v1/feedback with the admin token):");
    out.println(indent(Json.pretty(Json.parse(feedback))));
  }

  private static String get(HttpClient http, URI uri, @Nullable String bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response =
        http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new CommandFailure("GET " + uri.getPath() + " answered HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static String indent(String text) {
    return text.lines().map(line -> "   " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already stopping; the hook closes the collector, which is idempotent.
    }
  }

  /** Deletes the demo directory; what is already gone, or cannot be deleted, is left alone. */
  private static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  // Another thread deleted it first, or it is not ours to delete.
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // Files vanished while walking: the other cleanup got there first.
    }
  }
}
