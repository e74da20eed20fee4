package app.mcpproxy.telemetry.spring;

import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.Surface;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Counts every request on Spring AI's MCP endpoint under the {@code mcp} surface. Spring AI builds
 * the SDK transport itself, so its context extractor is out of reach; a filter on the endpoint's
 * path sees the same requests.
 */
final class McpEndpointFilter implements Filter {
  private final CounterRegistry registry;

  McpEndpointFilter(CounterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() == DispatcherType.REQUEST) {
      registry.recordSurface(Surface.MCP);
    }
    chain.doFilter(request, response);
  }
}
