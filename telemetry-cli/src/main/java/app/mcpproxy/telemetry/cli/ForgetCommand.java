package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.service.ForgetResult;
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

/** {@code forget}: erases this install at the endpoint, then starts afresh locally. */
@Command(
    name = "forget",
    header = "Erase this install at the endpoint, then start afresh here.",
    sortOptions = false,
    description = {
      "Asks the endpoint to erase everything it holds for this install"
          + " (DELETE {endpoint}/installs/{anonymous_id}), then replaces the local anonymous id and"
          + " clears the local log. Says what happened at each step.",
      "When the endpoint does not confirm, nothing local changes, so it can be retried."
    })
final class ForgetCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "Ask this endpoint instead of the config's.")
  private @Nullable String endpoint;

  @Override
  public Integer call() {
    URI target = endpoint == null ? null : TelemetryCli.endpointOption(endpoint);
    Installation installation = Installation.locate(root);
    ForgetResult result;
    URI asked;
    try (TelemetryService service = installation.openService(root.environment(), target)) {
      asked = service.endpoint();
      result = service.forget();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("1. Erase at " + asked + ": " + describe(result.remoteDeletion()));
    out.println("2. Local anonymous id: " + describe(result.idRotation()));
    out.println("3. Local heartbeat log: " + describe(result.logClearing()));
    out.flush();
    if (!result.complete()) {
      throw new CommandFailure("forget did not complete; nothing local was changed, retry later");
    }
    return ExitCode.OK;
  }

  private static String describe(ForgetResult.Step step) {
    return (step.done() ? "done - " : "NOT done - ") + Messages.flatten(step.detail());
  }
}
