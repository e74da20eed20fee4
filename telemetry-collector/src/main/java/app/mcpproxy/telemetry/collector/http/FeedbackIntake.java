package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.StoredFeedback;
import app.mcpproxy.telemetry.feedback.FeedbackValidation;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.model.FeedbackContext;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

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
    FeedbackContext context = context(tree.get("context"));
    try {
      FeedbackValidation.validate(new FeedbackRequest(category, message, email, context));
    } catch (InvalidFeedbackException e) {
      throw invalid(e.field(), e.getMessage());
    }
    return new StoredFeedback(
        UUID.randomUUID().toString(),
        clock.instant(),
        category,
        message,
        email,
        context == null ? null : contextJson(context));
  }

  private FeedbackContext context(JsonNode node) throws Rejection {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw invalid("context", "context must be an object");
    }
    return new FeedbackContext(
        optionalText(node, "version", "context.version"),
        optionalText(node, "edition", "context.edition"),
        optionalText(node, "os", "context.os"),
        optionalText(node, "arch", "context.arch"),
        count(node, "server_count"),
        count(node, "connected_server_count"),
        optionalText(node, "routing_mode", "context.routing_mode"));
  }

  private String contextJson(FeedbackContext context) {
    ObjectNode node = mapper.createObjectNode();
    node.put("version", context.version());
    node.put("edition", context.edition());
    node.put("os", context.os());
    node.put("arch", context.arch());
    node.put("server_count", context.serverCount());
    node.put("connected_server_count", context.connectedServerCount());
    node.put("routing_mode", context.routingMode());
    try {
      return mapper.writeValueAsString(node);
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

  private static String optionalText(JsonNode tree, String field) throws Rejection {
    return optionalText(tree, field, field);
  }

  private static String optionalText(JsonNode tree, String field, String path) throws Rejection {
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
