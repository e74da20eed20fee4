package app.mcpproxy.telemetry.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes every request, applies the rate cap per source address, and answers errors as JSON. It
 * never blocks: database work runs on the writer's and the query pool's threads.
 */
public final class CollectorHandler extends Handler.Abstract.NonBlocking {
  private static final System.Logger LOG = System.getLogger(CollectorHandler.class.getName());

  private final HeartbeatEndpoint heartbeats;
  private final FeedbackEndpoint feedback;
  private final InstallsEndpoint installs;
  private final StatsEndpoint stats;
  private final DashboardAssets assets;
  private final SourceRateLimiter rateLimiter;
  private final CollectorMetrics metrics;
  private final ObjectMapper mapper;
  private final BooleanSupplier healthy;

  public CollectorHandler(
      HeartbeatEndpoint heartbeats,
      FeedbackEndpoint feedback,
      InstallsEndpoint installs,
      StatsEndpoint stats,
      DashboardAssets assets,
      SourceRateLimiter rateLimiter,
      CollectorMetrics metrics,
      ObjectMapper mapper,
      BooleanSupplier healthy) {
    this.heartbeats = heartbeats;
    this.feedback = feedback;
    this.installs = installs;
    this.stats = stats;
    this.assets = assets;
    this.rateLimiter = rateLimiter;
    this.metrics = metrics;
    this.mapper = mapper;
    this.healthy = healthy;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    Optional<Route> match = Route.find(method, path);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (match.isEmpty()) {
      Exchange exchange =
          new Exchange(request, response, callback, Route.UNMATCHED, metrics, mapper, start);
      String allowed = Route.allowedMethods(path);
      if (allowed.isEmpty()) {
        exchange.reject(new Rejection(404, "not_found", "no such endpoint"));
      } else {
        exchange.header(HttpHeader.ALLOW, allowed);
        exchange.reject(new Rejection(405, "method_not_allowed", method + " is not allowed here"));
      }
      return true;
    }
    Route route = match.get();
    Exchange exchange =
        new Exchange(request, response, callback, route.label(), metrics, mapper, start);
    try {
      if (route.rateLimited()) {
        long waitMillis =
            rateLimiter.acquire(request.getConnectionMetaData().getRemoteSocketAddress());
        if (waitMillis > 0) {
          long seconds = Math.max(1, (waitMillis + 999) / 1000);
          exchange.reject(
              new Rejection(429, "rate_limited", "too many requests from this address")
                  .with("retry_after_seconds", seconds));
          return true;
        }
      }
      dispatch(route, exchange, path);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, route.label() + " failed: " + e.getClass().getName());
      exchange.reject(Rejection.internal());
    }
    return true;
  }

  private void dispatch(Route route, Exchange exchange, String path) {
    switch (route) {
      case HEARTBEAT -> heartbeats.handle(exchange);
      case FEEDBACK_SUBMIT -> feedback.submit(exchange);
      case FEEDBACK_LIST -> feedback.list(exchange);
      case ERASE_INSTALL -> installs.erase(exchange, route.lastSegment(path));
      case STATS -> stats.handle(exchange);
      case STATS_VIEW -> stats.handleView(exchange, route.lastSegment(path));
      case DASHBOARD, ASSET -> serveAsset(exchange, path);
      case HEALTH -> {
        boolean ok = healthy.getAsBoolean();
        exchange.json(ok ? 200 : 503, Map.of("status", ok ? "ok" : "unavailable"));
      }
      case METRICS -> exchange.send(200, CollectorMetrics.CONTENT_TYPE, metrics.scrape());
    }
  }

  private void serveAsset(Exchange exchange, String path) {
    Optional<DashboardAssets.Asset> asset = assets.find(path);
    if (asset.isEmpty()) {
      exchange.reject(new Rejection(404, "not_found", "no such file"));
      return;
    }
    exchange.header(HttpHeader.CACHE_CONTROL, "no-cache");
    exchange.header("Content-Security-Policy", DashboardAssets.CONTENT_SECURITY_POLICY);
    exchange.send(200, asset.get().contentType(), asset.get().bytes());
  }
}
