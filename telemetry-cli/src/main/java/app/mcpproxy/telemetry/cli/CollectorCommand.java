package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.collector.CollectorFlags;
import app.mcpproxy.telemetry.collector.CollectorMain;
import app.mcpproxy.telemetry.collector.CollectorOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code collector}: runs the self-hosted receiving end until stopped, with the collector's own
 * flags; the data directory is the one every command shares.
 */
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

  @Mixin private CollectorFlags flags;

  @Override
  public Integer call() {
    Installation installation = Installation.locate(root);
    CollectorOptions options;
    try {
      options = flags.options(installation.dataDir());
    } catch (IllegalArgumentException e) {
      throw new UsageException(Messages.oneLine(e), e);
    }
    return CollectorMain.runUntilStopped(
        options, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
