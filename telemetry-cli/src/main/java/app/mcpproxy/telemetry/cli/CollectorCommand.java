package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.collector.Collector;
import app.mcpproxy.telemetry.collector.CollectorMain;
import app.mcpproxy.telemetry.collector.CollectorOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code collector}: runs the self-hosted receiving end until stopped. */
@Command(
    name = "collector",
    header = "Run the self-hosted collector until Ctrl-C.",
    sortOptions = false,
    description = {
      "Runs the collector: receives heartbeats and feedback, stores them without IP addresses,"
          + " and serves a dashboard. Stops gracefully on Ctrl-C.",
      "Default database: SQLite file collector.db in the data directory."
    })
final class CollectorCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default: " + CollectorOptions.DEFAULT_LISTEN + ").")
  private @Nullable String listen;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description = "jdbc:sqlite:FILE or jdbc:postgresql://... (default: SQLite in the data dir).")
  private @Nullable String jdbcUrl;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "Bearer token for reading feedback (default: generated into the data dir at first"
              + " start).")
  private @Nullable Path adminTokenFile;

  @Override
  public Integer call() throws Exception {
    Installation installation = Installation.locate(root);
    CollectorOptions options = options(installation.dataDir());
    Collector collector = Collector.builder(options).build();
    Thread stopper = new Thread(collector::close, "collector-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      collector.start();
      StringPrintStream banner = new StringPrintStream();
      CollectorMain.printBanner(collector, banner.stream());
      spec.commandLine().getOut().print(banner.text());
      spec.commandLine().getOut().println("Press Ctrl-C to stop.");
      spec.commandLine().getOut().flush();
      collector.awaitStop();
      return ExitCode.OK;
    } finally {
      collector.close();
      removeHook(stopper);
    }
  }

  private CollectorOptions options(Path dataDir) {
    CollectorOptions options = CollectorOptions.defaults(dataDir);
    try {
      if (listen != null) {
        options = options.withListen(listen);
      }
      if (jdbcUrl != null) {
        options = options.withJdbcUrl(jdbcUrl);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(Messages.oneLine(e), e);
    }
    if (adminTokenFile != null) {
      options = options.withAdminTokenFile(adminTokenFile);
    }
    return options;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already stopping; the hook closes the collector, which is idempotent.
    }
  }
}
