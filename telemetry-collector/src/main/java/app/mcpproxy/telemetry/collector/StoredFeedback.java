package app.mcpproxy.telemetry.collector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Feedback as the collector keeps it.
 *
 * @param id random id
 * @param receivedAt when the collector accepted it, in seconds
 * @param category {@code bug}, {@code feature} or {@code other}
 * @param message the person's text
 * @param email the contact address the person chose to give, or {@code null}
 * @param context the system context as JSON, or {@code null}
 */
public record StoredFeedback(
    String id,
    Instant receivedAt,
    String category,
    String message,
    @Nullable String email,
    @Nullable String context) {
  /** Checks required components and keeps whole seconds. */
  public StoredFeedback {
    Objects.requireNonNull(id, "id");
    // Whole seconds keep the stored text sortable.
    receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(message, "message");
  }
}
