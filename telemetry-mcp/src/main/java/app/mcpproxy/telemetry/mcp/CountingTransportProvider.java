package app.mcpproxy.telemetry.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A session transport provider that counts every request its sessions answer under the MCP surface.
 * Each request gets exactly one response, so counting responses on the way out counts requests
 * without reading what comes in.
 */
final class CountingTransportProvider implements McpServerTransportProvider {
  private final McpServerTransportProvider delegate;
  private final McpRecorder recorder;

  CountingTransportProvider(McpServerTransportProvider delegate, McpRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    delegate.setSessionFactory(
        transport -> sessionFactory.create(new CountingTransport(transport, recorder)));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return delegate.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return delegate.notifyClient(sessionId, method, params);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  /** One session's transport, counting the responses it sends. */
  private static final class CountingTransport implements McpServerTransport {
    private final McpServerTransport delegate;
    private final McpRecorder recorder;

    CountingTransport(McpServerTransport delegate, McpRecorder recorder) {
      this.delegate = delegate;
      this.recorder = recorder;
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      if (message instanceof JSONRPCResponse) {
        recorder.request();
      }
      return delegate.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
      return delegate.protocolVersions();
    }
  }
}
