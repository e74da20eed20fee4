package app.mcpproxy.telemetry.collector;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs a collector from the command line until the process is told to stop (Ctrl-C, SIGTERM).
 *
 * <pre>
 * java -cp … app.mcpproxy.telemetry.collector.CollectorMain [--listen HOST:PORT] [--db JDBC_URL]
 *     [--data-dir DIR] [--admin-token-file FILE] [--rate-limit PER_SECOND]
 *     [--query-timeout SECONDS] [--keep-raw-days DAYS]
 * </pre>
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Run the self-hosted collector until Ctrl-C.",
    description = {
      "Receives heartbeats and feedback, stores them without IP addresses, and serves a"
          + " dashboard. Stops gracefully on Ctrl-C or SIGTERM."
    })
public final class CollectorMain implements Callable<Integer> {
  @Mixin private CollectorFlags flags;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the database and a generated admin token live (default: ~/.mcpproxy).")
  private Path dataDir = defaultDataDir();

  @Spec private CommandSpec spec;

  /** The command, with its defaults, for picocli to fill in. */
  public CollectorMain() {}

  /**
   * Starts a collector and keeps it running until the process is stopped, then shuts it down
   * gracefully. Exits with picocli's codes: 0, 1 when it cannot start, 2 for bad usage.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CollectorMain()).execute(args));
  }

  @Override
  public Integer call() {
    CollectorOptions options;
    try {
      options = flags.options(dataDir);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return runUntilStopped(options, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Starts a collector, prints where it listens, and serves until the process is stopped; a
   * shutdown hook closes it gracefully.
   *
   * @param options what to start
   * @param out where the banner goes
   * @param err where a failure to start is explained
   * @return {@link ExitCode#OK} after a graceful stop, {@link ExitCode#SOFTWARE} when the collector
   *     cannot start
   */
  public static int runUntilStopped(CollectorOptions options, PrintWriter out, PrintWriter err) {
    Collector collector = Collector.builder(options).build();
    Thread stopper = new Thread(collector::close, "collector-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      try {
        collector.start();
      } catch (Exception e) {
        err.println("collector: cannot start: " + e.getMessage());
        err.flush();
        return ExitCode.SOFTWARE;
      }
      printBanner(collector, out);
      out.println("Press Ctrl-C to stop.");
      out.flush();
      collector.awaitStop();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.OK;
    } finally {
      collector.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already stopping; the hook closes the collector, which is idempotent.
      }
    }
  }

  /**
   * Prints where the collector listens, its endpoint for clients and where its admin token is.
   *
   * @param collector a started collector
   * @param out where to print
   */
  public static void printBanner(Collector collector, PrintWriter out) {
    out.println("Collector listening on " + collector.baseUri());
    out.println("  dashboard:       " + collector.baseUri());
    out.println("  client endpoint: " + collector.baseUri() + "v1");
    out.println(
        "  admin token:     "
            + collector.adminTokenFile()
            + (collector.adminTokenGenerated() ? " (generated, readable by you only)" : "")
            + " — send it as 'Authorization: Bearer TOKEN' to GET /v1/feedback");
  }

  /** Parses a command line into options the way {@link #main} does, without starting anything. */
  static CollectorOptions parse(List<String> args, Path defaultDataDir) {
    CollectorMain command = new CollectorMain();
    command.dataDir = defaultDataDir;
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return command.flags.options(command.dataDir);
  }

  private static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".mcpproxy");
  }
}
