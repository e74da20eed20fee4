package app.mcpproxy.telemetry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code disable}: turns telemetry off in the config file. */
@Command(
    name = "disable",
    header = "Turn telemetry off in the config file.",
    description = {
      "Sets telemetry.enabled to false in the config file, creating the file (mode 0600) when it"
          + " is missing and keeping every other key. Nothing is sent after that.",
      "For one process only, DO_NOT_TRACK=1 does the same."
    })
final class DisableCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    return TelemetrySwitch.set(root, spec.commandLine(), false);
  }
}
