package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.env.OptOut;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Persists {@code telemetry.enabled} for {@code enable} and {@code disable}. */
final class TelemetrySwitch {
  private TelemetrySwitch() {}

  /**
   * Writes {@code telemetry.enabled}, creating the config file (mode 0600) when missing and keeping
   * every other key, then warns on stderr when an environment variable overrides the new setting.
   */
  static int set(TelemetryCli root, CommandLine commandLine, boolean enabled) {
    Installation installation = Installation.locate(root);
    try {
      installation.configFile().updateTelemetry(settings -> settings.withEnabled(enabled));
    } catch (ConfigException e) {
      throw new CommandFailure(Messages.oneLine(e), e);
    }
    PrintWriter out = commandLine.getOut();
    out.println(
        "Telemetry "
            + (enabled ? "enabled" : "disabled")
            + ": telemetry.enabled = "
            + enabled
            + " in "
            + installation.configPath());
    out.flush();
    EnvDisabledReason reason = OptOut.check(root.environment().env());
    if (enabled && reason != null && reason != EnvDisabledReason.NONE) {
      PrintWriter err = commandLine.getErr();
      err.println(
          "warning: telemetry stays off while the environment sets "
              + reason.wireName()
              + "; it decides before the config file");
      err.flush();
    }
    return CommandLine.ExitCode.OK;
  }
}
