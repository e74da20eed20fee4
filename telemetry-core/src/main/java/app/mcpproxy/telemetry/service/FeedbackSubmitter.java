package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.feedback.FeedbackValidation;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.feedback.RateLimiter;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.transport.EndpointException;
import app.mcpproxy.telemetry.transport.TelemetryEndpoint;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Submits feedback: validates it, takes a slot of the rate limit shared by every process of the
 * install, fills in the system context and posts it.
 */
final class FeedbackSubmitter {
  private final int perHour;
  private final DatabaseAccess databases;
  private final CurrentConfig config;
  private final PayloadAssembler assembler;
  private final Supplier<TelemetryEndpoint> transport;

  FeedbackSubmitter(
      int perHour,
      DatabaseAccess databases,
      CurrentConfig config,
      PayloadAssembler assembler,
      Supplier<TelemetryEndpoint> transport) {
    this.perHour = perHour;
    this.databases = databases;
    this.config = config;
    this.assembler = assembler;
    this.transport = transport;
  }

  /** Does what {@link TelemetryService#submitFeedback(FeedbackRequest)} describes. */
  FeedbackResponse submit(FeedbackRequest request)
      throws InvalidFeedbackException, FeedbackException {
    Objects.requireNonNull(request, "request");
    FeedbackValidation.validate(request);
    RateLimiter limiter;
    try {
      limiter = databases.feedbackLimiter(perHour);
    } catch (StoreException e) {
      throw new FeedbackException(
          "feedback not sent: cannot open the local database: " + e.getMessage(), 0, false, e);
    }
    if (!limiter.tryAcquire()) {
      throw new FeedbackException(
          "feedback not sent: at most "
              + perHour
              + " submissions per hour are allowed; try again later",
          0,
          true,
          null);
    }
    FeedbackRequest withContext = request.withContext(assembler.feedbackContext(config.read()));
    try {
      return transport.get().postFeedback(withContext);
    } catch (EndpointException e) {
      throw new FeedbackException(String.valueOf(e.getMessage()), e.statusCode(), false, e);
    }
  }
}
