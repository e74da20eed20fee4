package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.FirstRunNotice;
import app.mcpproxy.telemetry.env.OptOutDecision;
import app.mcpproxy.telemetry.service.DryRun;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code heartbeat}: builds, scans and sends one heartbeat now. */
@Command(
    name = "heartbeat",
    header = "Send one heartbeat now and print the HTTP status.",
    sortOptions = false,
    description = {
      "Builds one heartbeat, scans it for anything identifying, sends it now and prints the HTTP"
          + " status. Exits 0 on a 2xx answer, 1 otherwise.",
      "When telemetry is off it says why and makes no network call.",
      "With --dry-run, or MCPPROXY_TELEMETRY_DEBUG=1 in the environment, the payload is printed"
          + " instead of sent."
    })
final class HeartbeatCommand implements Callable<Integer> {
  /** The environment variable that turns every send into a print. */
  static final String DEBUG_VARIABLE = "MCPPROXY_TELEMETRY_DEBUG";

  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "Send to this endpoint instead of the config's (e.g. http://127.0.0.1:8787/v1).")
  private @Nullable String endpoint;

  @Option(names = "--dry-run", description = "Print the payload instead of sending it.")
  private boolean dryRun;

  @Override
  public Integer call() {
    CliEnvironment environment = root.environment();
    URI target = endpoint == null ? null : TelemetryCli.endpointOption(endpoint);
    Installation installation = Installation.locate(root);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (TelemetryService service = installation.openService(environment, target)) {
      if (dryRun || debugRequested(environment)) {
        return printInstead(service, out, err);
      }
      OptOutDecision decision = service.optOut();
      printFirstRunNotice(installation, decision.enabled(), err);
      if (!service.enabled()) {
        String why =
            decision.decidedBy().equals(OptOutDecision.DECIDED_BY_CONFIG)
                ? "telemetry.enabled is false in " + installation.configPath()
                : decision.decidedBy() + " is set";
        throw new CommandFailure(
            "telemetry is disabled (" + why + "); no heartbeat sent, no network call made");
      }
      SendResult result = service.sendNow();
      if (result.accepted()) {
        out.println("Heartbeat sent to " + service.endpoint() + ": HTTP " + result.httpStatus());
        out.flush();
        return ExitCode.OK;
      }
      throw new CommandFailure(
          "heartbeat to "
              + service.endpoint()
              + " "
              + (result.status() == SendResult.Status.BLOCKED ? "not sent: " : "failed: ")
              + Messages.flatten(result.detail()));
    }
  }

  private static boolean debugRequested(CliEnvironment environment) {
    String value = environment.variable(DEBUG_VARIABLE);
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }

  /** Builds and scans the payload like a send would, then prints it; nothing leaves the machine. */
  private static int printInstead(TelemetryService service, PrintWriter out, PrintWriter err) {
    DryRun dryRun = service.dryRun();
    if (!dryRun.passes()) {
      throw new CommandFailure(
          "the payload fails the anonymity scan ("
              + dryRun.refusal().orElseThrow()
              + "); it would not be sent");
    }
    out.println(dryRun.prettyJson());
    out.flush();
    err.println(
        "Dry run: the heartbeat above passed the anonymity scan and was not sent"
            + (service.enabled() ? "." : " (telemetry is disabled anyway)."));
    err.flush();
    return ExitCode.OK;
  }

  private static void printFirstRunNotice(
      Installation installation, boolean enabled, PrintWriter err) {
    try {
      StringPrintStream notice = new StringPrintStream();
      FirstRunNotice.maybePrint(installation.configFile(), enabled, notice.stream());
      err.print(notice.text());
      err.flush();
    } catch (ConfigException e) {
      throw new CommandFailure(Messages.oneLine(e), e);
    }
  }
}
