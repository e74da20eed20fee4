package app.mcpproxy.telemetry.collector.http;

import java.util.Optional;

/** The collector's endpoints, each known by a method and a path template. */
enum Route {
  HEARTBEAT("POST", "/v1/heartbeat", true),
  FEEDBACK_SUBMIT("POST", "/v1/feedback", true),
  FEEDBACK_LIST("GET", "/v1/feedback", true),
  ERASE_INSTALL("DELETE", "/v1/installs/{anonymous_id}", true),
  STATS("GET", "/v1/stats", true),
  STATS_VIEW("GET", "/v1/stats/{view}", true),
  DASHBOARD("GET", "/", true),
  ASSET("GET", "/assets/{file}", true),
  HEALTH("GET", "/healthz", false),
  METRICS("GET", "/metrics", false);

  /** The label of requests that match no route. */
  static final String UNMATCHED = "UNMATCHED";

  private final String method;
  private final String template;
  private final String label;
  private final boolean rateLimited;

  Route(String method, String template, boolean rateLimited) {
    this.method = method;
    this.template = template;
    this.label = method + " " + template;
    this.rateLimited = rateLimited;
  }

  /** Returns {@code "METHOD /template"}, the metrics label; never a raw path. */
  String label() {
    return label;
  }

  boolean rateLimited() {
    return rateLimited;
  }

  /**
   * Finds the route of a request.
   *
   * @param method the request's method
   * @param path the request's decoded path
   * @return the route, or empty when no route has this method and path
   */
  static Optional<Route> find(String method, String path) {
    for (Route route : values()) {
      if (route.method.equals(method) && route.matchesPath(path)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /**
   * Lists the methods the routes of a path accept, for an {@code Allow} header.
   *
   * @param path the request's decoded path
   * @return the methods, comma-separated; empty when no route has this path
   */
  static String allowedMethods(String path) {
    StringBuilder allowed = new StringBuilder();
    for (Route route : values()) {
      if (route.matchesPath(path)) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(route.method);
      }
    }
    return allowed.toString();
  }

  /** The variable last segment of a templated path, such as the id in {@code /v1/installs/ID}. */
  String lastSegment(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private boolean matchesPath(String path) {
    int brace = template.indexOf('{');
    if (brace < 0) {
      return template.equals(path);
    }
    String prefix = template.substring(0, brace);
    return path.startsWith(prefix)
        && path.length() > prefix.length()
        && path.indexOf('/', prefix.length()) < 0;
  }
}
