package app.mcpproxy.telemetry.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A transport context extractor that counts every HTTP request on the MCP endpoint under the MCP
 * surface, then hands the request to the host's extractor. Kept apart from {@link McpTelemetry} so
 * that stdio-only hosts need no servlet API.
 */
final class ServletRequestCounter implements McpTransportContextExtractor<HttpServletRequest> {
  private final @Nullable McpTransportContextExtractor<HttpServletRequest> delegate;
  private final McpRecorder recorder;

  ServletRequestCounter(
      @Nullable McpTransportContextExtractor<HttpServletRequest> delegate, McpRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
  }

  @Override
  public McpTransportContext extract(HttpServletRequest request) {
    recorder.request();
    return delegate == null ? McpTransportContext.EMPTY : delegate.extract(request);
  }
}
