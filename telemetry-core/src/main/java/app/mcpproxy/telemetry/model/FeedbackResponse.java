package app.mcpproxy.telemetry.model;

import org.jspecify.annotations.Nullable;

/**
 * The endpoint's answer to feedback.
 *
 * @param success whether it was accepted
 * @param issueUrl link to the created issue, or {@code null}
 * @param error the endpoint's error text, or {@code null}
 */
public record FeedbackResponse(
    boolean success, @Nullable String issueUrl, @Nullable String error) {}
