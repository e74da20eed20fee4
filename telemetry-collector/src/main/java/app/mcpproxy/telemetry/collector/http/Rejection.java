package app.mcpproxy.telemetry.collector.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request refused: the HTTP status, a stable reason (also the metrics label) and the JSON body
 * that explains it. Carries no stack trace; refusals are expected traffic.
 */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;
  private final transient Map<String, Object> details = new LinkedHashMap<>();

  Rejection(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  Rejection with(String key, Object value) {
    details.put(key, value);
    return this;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", reason);
    body.put("message", getMessage());
    body.putAll(details);
    return Collections.unmodifiableMap(body);
  }

  static Rejection unsupportedMediaType() {
    return new Rejection(415, "unsupported_media_type", "Content-Type must be application/json");
  }

  static Rejection tooLarge(int maxBytes) {
    return new Rejection(413, "payload_too_large", "body exceeds " + maxBytes + " bytes");
  }

  static Rejection malformed(String message) {
    return new Rejection(400, "malformed_json", message);
  }

  static Rejection badRequest(String message) {
    return new Rejection(400, "bad_request", message);
  }

  static Rejection internal() {
    return new Rejection(500, "internal_error", "the collector failed");
  }

  static Rejection overloaded() {
    return new Rejection(503, "overloaded", "the collector is busy; retry later")
        .with("retry_after_seconds", 1);
  }
}
