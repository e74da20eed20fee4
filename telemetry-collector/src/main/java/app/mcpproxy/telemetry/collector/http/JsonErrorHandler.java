package app.mcpproxy.telemetry.collector.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises itself (a request it cannot parse, a header too large, a handler
 * that failed or timed out) with the collector's JSON error body instead of an HTML page. The body
 * names the status only: it never quotes the request or an exception. A request line or framing
 * Jetty cannot read (which it would answer 501 or 505) is answered 400.
 */
public final class JsonErrorHandler extends ErrorHandler {
  public JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  public boolean errorPageForMethod(String method) {
    // Every method gets the JSON body (Jetty drops it again for HEAD); the default skips all but
    // GET, POST and HEAD, leaving the others without a content type.
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    int status = code;
    if (code == HttpStatus.NOT_IMPLEMENTED_501
        || code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
      // Jetty's parser answers these to a request line or framing it cannot read: the sender's
      // error, answered as one.
      status = HttpStatus.BAD_REQUEST_400;
      response.setStatus(status);
    }
    byte[] body = body(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static byte[] body(int code) {
    String message = HttpStatus.getMessage(code);
    String json =
        "{\"error\":\""
            + reason(code)
            + "\",\"message\":\""
            + (message == null ? "HTTP " + code : message.replaceAll("[^A-Za-z0-9 '-]", ""))
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String reason(int code) {
    return switch (code) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 431 -> "headers_too_large";
      case 500 -> "internal_error";
      case 503 -> "unavailable";
      default -> code >= 500 ? "server_error" : "http_error";
    };
  }
}
