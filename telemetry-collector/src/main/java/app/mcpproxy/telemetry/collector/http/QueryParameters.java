package app.mcpproxy.telemetry.collector.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** Reads a request's query string, refusing one that does not decode with a 400. */
final class QueryParameters {
  private QueryParameters() {}

  /**
   * Decodes the query parameters.
   *
   * @param request the request
   * @return the parameters
   * @throws Rejection 400 when the query string is not valid percent-encoded UTF-8
   */
  static Fields of(Request request) throws Rejection {
    try {
      return Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw Rejection.badRequest("the query string cannot be decoded").with("field", "query");
    }
  }
}
