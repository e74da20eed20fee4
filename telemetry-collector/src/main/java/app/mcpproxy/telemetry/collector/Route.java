package app.mcpproxy.telemetry.collector;

import java.util.Optional;

/** The collector's endpoints, each known by a method and a path template. */
enum Route {
  HEARTBEAT("POST", "/v1/heartbeat", true),
  FEEDBACK_SUBMIT("POST", "/v1/feedback", true),
  FEEDBACK_LIST("GET", "/v1/feedback", true),
  ERASE_INSTALL("DELETE", "/v1/installs/{anonymous_id}", true),
  STATS("GET", "/v1/stats", true),
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

  /** Finds the route of a path, whatever the method. */
  static Optional<Route> ofPath(String method, String path) {
    Route pathMatch = null;
    for (Route route : values()) {
      if (route.matchesPath(path)) {
        if (route.method.equals(method)) {
          return Optional.of(route);
        }
        pathMatch = route;
      }
    }
    return pathMatch == null ? Optional.empty() : Optional.of(pathMatch);
  }

  boolean accepts(String requestMethod) {
    return method.equals(requestMethod);
  }

  String allowedMethods(String path) {
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
