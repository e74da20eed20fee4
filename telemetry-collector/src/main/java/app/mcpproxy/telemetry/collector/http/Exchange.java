package app.mcpproxy.telemetry.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its answer. Any thread may answer, exactly once; answering records the request in
 * the metrics under its route template.
 */
public final class Exchange {
  public static final String JSON = "application/json";

  /** Status recorded for a request whose client went away before it was answered. */
  static final int CLIENT_CLOSED = 499;

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final String routeLabel;
  private final CollectorMetrics metrics;
  private final ObjectMapper mapper;
  private final long startNanos;
  private final AtomicBoolean answered = new AtomicBoolean();

  Exchange(
      Request request,
      Response response,
      Callback callback,
      String routeLabel,
      CollectorMetrics metrics,
      ObjectMapper mapper,
      long startNanos) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.routeLabel = routeLabel;
    this.metrics = metrics;
    this.mapper = mapper;
    this.startNanos = startNanos;
    // A client that disconnects fails the request; the answer that comes later is then dropped.
    request.addFailureListener(
        failure -> {
          if (answered.compareAndSet(false, true)) {
            metrics.request(routeLabel, CLIENT_CLOSED);
            callback.failed(failure);
          }
        });
  }

  Request request() {
    return request;
  }

  long startNanos() {
    return startNanos;
  }

  void header(HttpHeader name, String value) {
    response.getHeaders().put(name, value);
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  void json(int status, Object body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response of " + body.getClass(), e);
    }
    send(status, JSON, bytes);
  }

  void text(int status, String contentType, String body) {
    send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  void send(int status, String contentType, byte[] body) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    metrics.request(routeLabel, status);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  void noContent() {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    response.setStatus(204);
    metrics.request(routeLabel, 204);
    // Written before the callback completes, so a graceful stop, which waits for the callback,
    // cannot close the connection before the status line is out.
    response.write(true, null, callback);
  }

  void reject(Rejection rejection) {
    metrics.rejection(rejection.reason());
    Object retryAfter = rejection.body().get("retry_after_seconds");
    if (retryAfter != null) {
      header(HttpHeader.RETRY_AFTER, retryAfter.toString());
    }
    json(rejection.status(), rejection.body());
  }
}
