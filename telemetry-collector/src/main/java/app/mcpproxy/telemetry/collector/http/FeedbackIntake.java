package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.StoredFeedback;
import app.mcpproxy.telemetry.feedback.FeedbackValidation;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns a feedback body into feedback to store, validated the way the client validates it before
 * sending, or refuses it with a 400 that names the problem.
 */
public final class FeedbackIntake {
  private final ObjectMapper mapper;
  private final Clock clock;

  public FeedbackIntake(ObjectMapper mapper, Clock clock) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  StoredFeedback admit(byte[] body) throws Rejection {
    JsonNode tree = StrictJson.parse(mapper, body).tree();
    if (!tree.isObject()) {
      throw invalid("$", "feedback must be a JSON object");
    }
    String category = requiredText(tree, "category");
    String message = requiredText(tree, "message");
    String email = optionalText(tree, "email");
    if (email != null && email.isEmpty()) {
      email = null;
    }
    // A sender's context may leave fields out, which the library's own context never does: it is
    // checked and kept as JSON here, not as the library's type.
    String context = contextJson(tree.get("context"));
    try {
      FeedbackValidation.validate(new FeedbackRequest(category, message, email, null));
    } catch (InvalidFeedbackException e) {
      throw invalid(
          e.field(), Objects.requireNonNull(e.getMessage(), "an invalid feedback has a reason"));
    }
    return new StoredFeedback(
        UUID.randomUUID().toString(), clock.instant(), category, message, email, context);
  }

  private @Nullable String contextJson(@Nullable JsonNode node) throws Rejection {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid("context", "context must be an object");
    }
    ObjectNode context = mapper.createObjectNode();
    context.put("version", optionalText(node, "version", "context.version"));
    context.put("edition", optionalText(node, "edition", "context.edition"));
    context.put("os", optionalText(node, "os", "context.os"));
    context.put("arch", optionalText(node, "arch", "context.arch"));
    context.put("server_count", count(node, "server_count"));
    context.put("connected_server_count", count(node, "connected_server_count"));
    context.put("routing_mode", optionalText(node, "routing_mode", "context.routing_mode"));
    try {
      return mapper.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise feedback context", e);
    }
  }

  private static String requiredText(JsonNode tree, String field) throws Rejection {
    JsonNode node = tree.get(field);
    if (node == null || !node.isTextual()) {
      throw invalid(field, field + " must be a string");
    }
    return node.asText();
  }

  private static @Nullable String optionalText(JsonNode tree, String field) throws Rejection {
    return optionalText(tree, field, field);
  }

  private static @Nullable String optionalText(JsonNode tree, String field, String path)
      throws Rejection {
    JsonNode node = tree.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(path, path + " must be a string");
    }
    return node.asText();
  }

  private static int count(JsonNode context, String field) throws Rejection {
    JsonNode node = context.get(field);
    if (node == null || node.isNull()) {
      return 0;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 0) {
      throw invalid("context." + field, "context." + field + " must be a whole number >= 0");
    }
    return node.intValue();
  }

  private static Rejection invalid(String field, String message) {
    return new Rejection(400, "invalid_feedback", message).with("field", field);
  }
}
