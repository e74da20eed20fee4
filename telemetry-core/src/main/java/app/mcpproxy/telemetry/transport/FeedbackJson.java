package app.mcpproxy.telemetry.transport;

import app.mcpproxy.telemetry.model.FeedbackContext;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The JSON forms of a feedback request and of the endpoint's answer. */
final class FeedbackJson {
  private final ObjectMapper mapper = new ObjectMapper();

  byte[] write(FeedbackRequest request) {
    FeedbackContext context = Objects.requireNonNull(request.context(), "feedback context");
    try (ByteArrayBuilder out = new ByteArrayBuilder(512)) {
      try (JsonGenerator gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
        gen.writeStartObject();
        gen.writeStringField("category", request.category());
        gen.writeStringField("message", request.message());
        if (request.email() != null && !request.email().isEmpty()) {
          gen.writeStringField("email", request.email());
        }
        gen.writeObjectFieldStart("context");
        gen.writeStringField("version", context.version());
        gen.writeStringField("edition", context.edition());
        gen.writeStringField("os", context.os());
        gen.writeStringField("arch", context.arch());
        gen.writeNumberField("server_count", context.serverCount());
        gen.writeNumberField("connected_server_count", context.connectedServerCount());
        gen.writeStringField("routing_mode", context.routingMode());
        gen.writeEndObject();
        gen.writeEndObject();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise feedback", e);
    }
  }

  /**
   * Reads the answer to a 2xx request. A body that is not a JSON object still means success; a
   * missing {@code success} field counts as {@code true}.
   */
  FeedbackResponse readSuccessBody(byte[] body) {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      return new FeedbackResponse(true, null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (json == null || !json.isObject()) {
      return new FeedbackResponse(true, null, null);
    }
    JsonNode success = json.get("success");
    return new FeedbackResponse(
        success == null || !success.isBoolean() || success.booleanValue(),
        text(json.get("issue_url")),
        text(json.get("error")));
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isTextual() && !node.textValue().isEmpty()
        ? node.textValue()
        : null;
  }
}
