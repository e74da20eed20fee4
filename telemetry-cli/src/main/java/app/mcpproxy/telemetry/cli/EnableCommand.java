package app.mcpproxy.telemetry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code enable}: turns telemetry on in the config file. */
@Command(
    name = "enable",
    header = "Turn telemetry on in the config file.",
    description = {
      "Sets telemetry.enabled to true in the config file, creating the file (mode 0600) when it"
          + " is missing and keeping every other key.",
      "Warns when an environment variable (DO_NOT_TRACK, CI, MCPPROXY_TELEMETRY) keeps telemetry"
          + " off anyway."
    })
final class EnableCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    return TelemetrySwitch.set(root, spec.commandLine(), true);
  }
}
