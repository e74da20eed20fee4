package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.service.TelemetryService;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code show-payload}: the exact JSON of the next heartbeat. */
@Command(
    name = "show-payload",
    header = "Print the exact JSON of the next heartbeat; sends nothing.",
    description = {
      "Prints the exact JSON of the next heartbeat, pretty-printed, without any network call."
          + " Works when telemetry is disabled.",
      "Changes nothing: creates no anonymous id (a placeholder is shown until the first send),"
          + " no file, and leaves the installer attribution for the real heartbeat.",
      "Server count and routing mode come from the config file."
    })
final class ShowPayloadCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    Installation installation = Installation.locate(root);
    try (TelemetryService service = installation.openService(root.environment(), null)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(service.dryRun().prettyJson());
      out.flush();
    }
    return ExitCode.OK;
  }
}
