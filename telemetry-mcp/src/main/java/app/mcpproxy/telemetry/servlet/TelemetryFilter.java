package app.mcpproxy.telemetry.servlet;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.TelemetryService;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Counts a host's REST API requests: each request's client surface, from the {@code
 * X-MCPProxy-Client} header, and the request under its declared route template (never its raw path;
 * {@code UNMATCHED} when no template matches) with its final status class. An asynchronous request
 * is counted when it completes, with the status it completed with; a request whose handler threw
 * counts as {@code 5xx} unless it had already set an error status.
 *
 * <p>Requests to the MCP endpoint ({@code /mcp} and below) pass through uncounted: the MCP
 * instrumentation counts those. Only the initial dispatch is counted, whatever dispatcher types the
 * filter is mapped to. Counting never throws into the request.
 *
 * <pre>{@code
 * TelemetryService service = TelemetryService.builder()
 *     .config(configFile)
 *     .restRoutes("/api/v1/servers", "/api/v1/servers/{name}")
 *     .build();
 * context.addFilter(new FilterHolder(TelemetryFilter.builder(service).build()),
 *     "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 */
public final class TelemetryFilter implements Filter {
  /** The key every request outside the declared templates counts under. */
  public static final String UNMATCHED = "UNMATCHED";

  private final CounterRegistry registry;
  private final RouteTemplates routes;

  private TelemetryFilter(CounterRegistry registry, RouteTemplates routes) {
    this.registry = registry;
    this.routes = routes;
  }

  /**
   * Starts a builder that records into a telemetry service and matches paths to the route templates
   * declared to it ({@code TelemetryService.Builder.restRoutes}).
   *
   * @param service the host's telemetry service
   * @return a new builder
   */
  public static Builder builder(TelemetryService service) {
    return builder(Objects.requireNonNull(service, "service").registry());
  }

  /**
   * Starts a builder that records into a registry and matches paths to the route templates of its
   * vocabulary.
   *
   * @param registry the counters
   * @return a new builder
   */
  public static Builder builder(CounterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return new Builder(registry).routes(registry.vocabulary().restRoutes());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)
        || request.getDispatcherType() != DispatcherType.REQUEST) {
      chain.doFilter(request, response);
      return;
    }
    String path = pathOf(http);
    String template;
    String method;
    try {
      Surface surface = Surface.ofRequest(path, http.getHeader(Surface.CLIENT_HEADER));
      if (surface == Surface.MCP) {
        chain.doFilter(request, response);
        return;
      }
      registry.recordSurface(surface);
      String matched = routes.match(path);
      template = matched == null ? UNMATCHED : matched;
      method = http.getMethod();
    } catch (RuntimeException e) {
      chain.doFilter(request, response);
      return;
    }
    boolean threw = true;
    try {
      chain.doFilter(request, response);
      threw = false;
    } finally {
      finish(http, httpResponse, method, template, threw);
    }
  }

  private void finish(
      HttpServletRequest request,
      HttpServletResponse response,
      String method,
      String template,
      boolean threw) {
    try {
      if (!threw && request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new Completion(method, template), request, response);
        return;
      }
      record(method, template, response.getStatus(), threw);
    } catch (RuntimeException e) {
      // Counting never fails the request.
    }
  }

  private void record(String method, String template, int status, boolean failed) {
    registry.recordRestRequest(method, template, failed && status < 400 ? 500 : status);
  }

  private static String pathOf(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (uri != null && context != null && !context.isEmpty() && uri.startsWith(context)) {
      return uri.substring(context.length());
    }
    return uri;
  }

  /** Counts an asynchronous request once, when it completes. */
  private final class Completion implements AsyncListener {
    private final String method;
    private final String template;
    private volatile boolean failed;

    Completion(String method, String template) {
      this.method = method;
      this.template = template;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      try {
        ServletResponse response = event.getSuppliedResponse();
        int status =
            response instanceof HttpServletResponse http ? http.getStatus() : failed ? 500 : 200;
        record(method, template, status, failed);
      } catch (RuntimeException e) {
        // Counting never fails the request.
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      failed = true;
    }

    @Override
    public void onError(AsyncEvent event) {
      failed = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }

  /** Assembles a {@link TelemetryFilter}. */
  public static final class Builder {
    private final CounterRegistry registry;
    private List<String> routes = List.of();

    private Builder(CounterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Sets the route templates paths are matched to, replacing those of the service; a request
     * matching none counts as {@value #UNMATCHED}. The registry counts only templates declared in
     * its vocabulary, so these should be among them.
     *
     * @param templates templates such as {@code /api/v1/servers/{name}}
     * @return this builder
     * @throws IllegalArgumentException for a template that is not a path template
     */
    public Builder routes(String... templates) {
      return routes(List.of(templates));
    }

    /**
     * Declares the host's route templates, like {@link #routes(String...)}.
     *
     * @param templates the templates
     * @return this builder
     */
    public Builder routes(List<String> templates) {
      RouteTemplates.of(templates);
      this.routes = List.copyOf(templates);
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public TelemetryFilter build() {
      return new TelemetryFilter(registry, RouteTemplates.of(routes));
    }
  }
}
