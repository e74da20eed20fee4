package app.mcpproxy.telemetry.model;

import org.jspecify.annotations.Nullable;

/**
 * Feedback a person submits.
 *
 * @param category {@code bug}, {@code feature} or {@code other}
 * @param message 10 to 5000 characters
 * @param email optional contact address, {@code null} or empty when none
 * @param context system context, filled by the service; may be {@code null} before that
 */
public record FeedbackRequest(
    String category, String message, @Nullable String email, @Nullable FeedbackContext context) {

  /**
   * Returns a copy carrying the given context.
   *
   * @param newContext the context
   * @return the copy
   */
  public FeedbackRequest withContext(FeedbackContext newContext) {
    return new FeedbackRequest(category, message, email, newContext);
  }
}
