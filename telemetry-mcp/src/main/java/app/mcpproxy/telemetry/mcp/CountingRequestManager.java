package app.mcpproxy.telemetry.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCNotification;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest;
import io.modelcontextprotocol.modern.McpSchema.MetaKeys;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A request manager of the SDK's stateless server that counts every request under the MCP surface,
 * the client named in each request's metadata, and each tool call as its built-in tool or as an
 * upstream tool call, before handing the request on unchanged.
 */
final class CountingRequestManager implements McpRequestManager {
  private static final String TOOLS_CALL = "tools/call";
  private static final int TOOL_LIMIT = 1024;

  private final McpRequestManager delegate;
  private final McpRecorder recorder;
  private final ConcurrentHashMap<String, ToolCounter> tools = new ConcurrentHashMap<>();

  CountingRequestManager(McpRequestManager delegate, McpRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
  }

  @Override
  public Mono<McpTransportResponse> handle(McpTransportContext context, JSONRPCRequest request) {
    ToolCounter tool = count(request);
    Mono<McpTransportResponse> response = delegate.handle(context, request);
    return tool == null || response == null ? response : response.doOnError(tool.onFailure);
  }

  @Override
  public Mono<McpTransportResponse> handleBlocking(
      McpTransportContext context, JSONRPCRequest request) {
    ToolCounter tool = count(request);
    Mono<McpTransportResponse> response = delegate.handleBlocking(context, request);
    return tool == null || response == null ? response : response.doOnError(tool.onFailure);
  }

  @Override
  public Mono<Void> handleNotification(
      McpTransportContext context, JSONRPCNotification notification) {
    return delegate.handleNotification(context, notification);
  }

  private @Nullable ToolCounter count(@Nullable JSONRPCRequest request) {
    try {
      recorder.request();
      if (request == null || !(request.params() instanceof Map<?, ?> params)) {
        return null;
      }
      if (params.get("_meta") instanceof Map<?, ?> meta
          && meta.get(MetaKeys.CLIENT_INFO) instanceof Map<?, ?> clientInfo
          && clientInfo.get("name") instanceof String name) {
        recorder.clients().seen(name, name);
      }
      if (!TOOLS_CALL.equals(request.method()) || !(params.get("name") instanceof String name)) {
        return null;
      }
      ToolCounter tool = tools.get(name);
      if (tool == null) {
        tool = recorder.counterFor(name);
        if (tools.size() < TOOL_LIMIT) {
          tools.putIfAbsent(name, tool);
        }
      }
      tool.called(null);
      return tool;
    } catch (RuntimeException e) {
      // Telemetry never fails the host's request.
      return null;
    }
  }
}
