package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.model.FeedbackRequest;
import java.util.Optional;
import java.util.Set;

/** The client's feedback rules, applied again on arrival. */
final class FeedbackRules {
  // Interim copy of the rules until the core's FeedbackValidation is merged; replaced by a call.
  private static final Set<String> CATEGORIES = Set.of("bug", "feature", "other");

  private FeedbackRules() {}

  static Optional<String> check(FeedbackRequest request) {
    if (!CATEGORIES.contains(request.category())) {
      return Optional.of("category must be bug, feature or other");
    }
    String message = request.message();
    int length = message.codePointCount(0, message.length());
    if (message.isBlank() || length < 10 || length > 5000) {
      return Optional.of("message must be 10 to 5000 characters");
    }
    return Optional.empty();
  }
}
