package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.StoredFeedback;
import app.mcpproxy.telemetry.collector.storage.FeedbackTable;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.InsertFeedback;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * {@code POST /v1/feedback} stores feedback and answers {@code {"success": true}}; {@code GET
 * /v1/feedback} lists it, newest first, to a holder of the admin token.
 */
public final class FeedbackEndpoint {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final FeedbackIntake intake;
  private final Writes writes;
  private final QueryRunner queries;
  private final AdminToken adminToken;
  private final ObjectMapper mapper;

  public FeedbackEndpoint(
      FeedbackIntake intake,
      Writes writes,
      QueryRunner queries,
      AdminToken adminToken,
      ObjectMapper mapper) {
    this.intake = intake;
    this.writes = writes;
    this.queries = queries;
    this.adminToken = adminToken;
    this.mapper = mapper;
  }

  void submit(Exchange exchange) {
    BodyReader.readJson(exchange, body -> admit(exchange, body));
  }

  private void admit(Exchange exchange, byte[] body) {
    StoredFeedback feedback;
    try {
      feedback = intake.admit(body);
    } catch (Rejection rejection) {
      exchange.reject(rejection);
      return;
    }
    writes.submit(
        exchange, new InsertFeedback(feedback), () -> exchange.json(200, Map.of("success", true)));
  }

  void list(Exchange exchange) {
    Request request = exchange.request();
    if (!adminToken.admits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      exchange.header(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mcpproxy-collector\"");
      exchange.reject(
          new Rejection(401, "unauthorized", "reading feedback needs Authorization: Bearer TOKEN"));
      return;
    }
    int limit;
    try {
      limit = limit(QueryParameters.of(request));
    } catch (Rejection rejection) {
      exchange.reject(rejection);
      return;
    }
    queries.run(
        exchange,
        connection -> FeedbackTable.newestFirst(connection, limit),
        feedback -> exchange.json(200, render(feedback)));
  }

  private static int limit(Fields parameters) throws Rejection {
    String value = parameters.getValue("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Answered below like any other out-of-range value.
    }
    throw Rejection.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT)
        .with("field", "limit");
  }

  private ObjectNode render(List<StoredFeedback> feedback) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode items = root.putArray("feedback");
    for (StoredFeedback item : feedback) {
      ObjectNode node = items.addObject();
      node.put("id", item.id());
      node.put("received_at", item.receivedAt().toString());
      node.put("category", item.category());
      node.put("message", item.message());
      if (item.email() != null) {
        node.put("email", item.email());
      }
      if (item.context() != null) {
        node.set("context", parse(item.context()));
      }
    }
    return root;
  }

  private JsonNode parse(String json) {
    try {
      return mapper.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("stored feedback context is not JSON", e);
    }
  }
}
