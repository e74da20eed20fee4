package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.feedback.FeedbackValidation;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.service.FeedbackException;
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

/** {@code feedback}: sends a bug report, feature request or other note to the maintainers. */
@Command(
    name = "feedback",
    header = "Send a bug report, feature request or other note.",
    sortOptions = false,
    description = {
      "Sends feedback to the telemetry endpoint with the version, edition, OS, architecture,"
          + " server counts and routing mode attached (nothing else).",
      "At most 5 per hour on this machine. Prints the issue URL when the endpoint creates one."
    })
final class FeedbackCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(
      names = "--category",
      required = true,
      paramLabel = "bug|feature|other",
      description = "What kind of feedback: bug, feature or other.")
  private String category;

  @Option(
      names = "--message",
      required = true,
      paramLabel = "TEXT",
      description = "The feedback, 10 to 5000 characters.")
  private String message;

  @Option(names = "--email", paramLabel = "ADDR", description = "Where to reach you (optional).")
  private @Nullable String email;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "Send to this endpoint instead of the config's.")
  private @Nullable String endpoint;

  @Override
  public Integer call() {
    URI target = endpoint == null ? null : TelemetryCli.endpointOption(endpoint);
    FeedbackRequest request =
        new FeedbackRequest(
            category, message, email == null || email.isBlank() ? null : email, null);
    try {
      FeedbackValidation.validate(request);
    } catch (InvalidFeedbackException e) {
      throw new UsageException(Messages.oneLine(e), e);
    }
    Installation installation = Installation.locate(root);
    FeedbackResponse response;
    try (TelemetryService service = installation.openService(root.environment(), target)) {
      response = service.submitFeedback(request);
    } catch (InvalidFeedbackException e) {
      throw new UsageException(Messages.oneLine(e), e);
    } catch (FeedbackException e) {
      String reason = Messages.oneLine(e);
      throw new CommandFailure(
          reason.startsWith("feedback not sent") ? reason : "feedback not sent: " + reason, e);
    }
    if (!response.success()) {
      throw new CommandFailure(
          "the endpoint refused the feedback"
              + (response.error() == null ? "" : ": " + Messages.flatten(response.error())));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Feedback sent. Thank you.");
    if (response.issueUrl() != null && !response.issueUrl().isBlank()) {
      out.println("Issue: " + response.issueUrl());
    }
    out.flush();
    return ExitCode.OK;
  }
}
