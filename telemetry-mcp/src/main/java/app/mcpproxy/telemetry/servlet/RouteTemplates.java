package app.mcpproxy.telemetry.servlet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Matches raw request paths to the route templates a host declared, such as {@code
 * /api/v1/servers/{name}/tools}. A {@code {…}} segment matches any one non-empty path segment;
 * every other segment must match exactly. When several templates match, the one with more literal
 * segments wins, so {@code /servers/new} beats {@code /servers/{name}}. One trailing slash is
 * ignored. Matching allocates nothing.
 */
public final class RouteTemplates {
  private final Route[] routes;

  private RouteTemplates(Route[] routes) {
    this.routes = routes;
  }

  /**
   * Compiles declared templates.
   *
   * @param templates templates starting with {@code /}
   * @return the matcher
   * @throws IllegalArgumentException for a template that does not start with {@code /} or holds a
   *     {@code ?}, {@code #} or whitespace
   */
  public static RouteTemplates of(List<String> templates) {
    Objects.requireNonNull(templates, "templates");
    List<Route> compiled = new ArrayList<>(templates.size());
    for (int i = 0; i < templates.size(); i++) {
      compiled.add(Route.compile(Objects.requireNonNull(templates.get(i), "template"), i));
    }
    Route[] sorted = compiled.toArray(new Route[0]);
    Arrays.sort(
        sorted,
        Comparator.comparingInt((Route r) -> r.parameters)
            .thenComparingInt(r -> -r.segments.length)
            .thenComparingInt(r -> r.order));
    return new RouteTemplates(sorted);
  }

  /**
   * Returns the declared template a path matches.
   *
   * @param path the raw request path, without query, such as {@code /api/v1/servers/github}
   * @return the template, or {@code null} when none matches
   */
  public @Nullable String match(@Nullable String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    int end = path.length();
    if (end > 1 && path.charAt(end - 1) == '/') {
      end--;
    }
    for (Route route : routes) {
      if (route.matches(path, end)) {
        return route.template;
      }
    }
    return null;
  }

  /** One compiled template: its segments, {@code null} for a parameter. */
  private static final class Route {
    final String template;
    final String[] segments;
    final int parameters;
    final int order;

    private Route(String template, String[] segments, int parameters, int order) {
      this.template = template;
      this.segments = segments;
      this.parameters = parameters;
      this.order = order;
    }

    static Route compile(String template, int order) {
      if (!template.startsWith("/")) {
        throw new IllegalArgumentException("a route template must start with /: " + template);
      }
      for (int i = 0; i < template.length(); i++) {
        char c = template.charAt(i);
        if (c == '?' || c == '#' || Character.isWhitespace(c) || Character.isISOControl(c)) {
          throw new IllegalArgumentException(
              "a route template holds no ?, # or whitespace: " + template);
        }
      }
      String body =
          template.length() > 1 && template.endsWith("/")
              ? template.substring(0, template.length() - 1)
              : template;
      String[] parts = body.equals("/") ? new String[0] : body.substring(1).split("/", -1);
      int parameters = 0;
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        if (part.length() >= 2 && part.startsWith("{") && part.endsWith("}")) {
          parts[i] = null;
          parameters++;
        }
      }
      return new Route(template, parts, parameters, order);
    }

    boolean matches(String path, int end) {
      int position = 1;
      if (segments.length == 0) {
        return end == 1;
      }
      for (int i = 0; i < segments.length; i++) {
        if (position > end) {
          return false;
        }
        int slash = path.indexOf('/', position);
        int segmentEnd = slash < 0 || slash > end ? end : slash;
        int length = segmentEnd - position;
        String literal = segments[i];
        if (literal == null) {
          if (length == 0) {
            return false;
          }
        } else if (length != literal.length()
            || !path.regionMatches(position, literal, 0, length)) {
          return false;
        }
        position = segmentEnd + 1;
      }
      return position == end + 1;
    }
  }
}
