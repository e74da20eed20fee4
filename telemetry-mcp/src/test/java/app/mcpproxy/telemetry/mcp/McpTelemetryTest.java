package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCNotification;
import io.modelcontextprotocol.modern.JsonRpc.JSONRPCRequest;
import io.modelcontextprotocol.modern.McpSchema.MetaKeys;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The instrumentation's promises to its host, one at a time. */
class McpTelemetryTest {
  private final CounterRegistry registry = new CounterRegistry();
  private final RecordingStore store = new RecordingStore();

  @Test
  void aSessionsClientIsRecordedOnceHoweverManyCallsItMakes() {
    SyncToolSpecification tool = telemetry().tool(tool("echo", ok()));
    McpSyncServerExchange session = exchange("Claude-Code");

    for (int i = 0; i < 5; i++) {
      tool.callHandler().apply(session, request("echo"));
    }
    tool.callHandler().apply(exchange("Claude-Code"), request("echo"));

    assertThat(store.clients).containsExactly("Claude-Code");
    assertThat(store.firstClientMarks.get()).isEqualTo(1);
    assertThat(registry.snapshot().upstreamToolCalls()).isEqualTo(6);
  }

  @Test
  void aRetrieveToolsCallCountsInTheWindowAndMarksTheFirstCallOnce() {
    SyncToolSpecification tool =
        McpTelemetry.builder(registry, () -> store)
            .builtinTools(Map.of("find", BuiltinTool.RETRIEVE_TOOLS))
            .build()
            .tool(tool("find", ok()));

    tool.callHandler().apply(exchange("cursor"), request("find"));
    tool.callHandler().apply(exchange("cursor"), request("find"));

    assertThat(store.retrieveToolsCalls.get()).isEqualTo(2);
    assertThat(store.firstRetrieveMarks.get()).isEqualTo(1);
    assertThat(registry.snapshot().builtinToolCalls()).isEqualTo(Map.of("retrieve_tools", 2L));
    assertThat(registry.snapshot().upstreamToolCalls()).isZero();
  }

  @Test
  void anErrorResultCountsUnderTheCategoryTheHostMapsItTo() {
    FailureMapping failures =
        new FailureMapping() {
          @Override
          public ErrorCategory ofException(String toolName, Throwable failure) {
            return null;
          }

          @Override
          public ErrorCategory ofErrorResult(String toolName) {
            return ErrorCategory.UPSTREAM_CONNECT_REFUSED;
          }
        };
    SyncToolSpecification tool =
        McpTelemetry.builder(registry, () -> store)
            .failureMapping(failures)
            .build()
            .tool(
                tool(
                    "proxy",
                    (exchange, request) -> CallToolResult.builder().isError(true).build()));

    CallToolResult result = tool.callHandler().apply(exchange("x"), request("proxy"));

    assertThat(result.isError()).isTrue();
    assertThat(registry.snapshot().errorCategoryCounts())
        .isEqualTo(Map.of("upstream_connect_refused", 1L));
  }

  @Test
  void anUnmappedFailureIsRethrownUnchangedAndCountsNoError() {
    IllegalStateException thrown = new IllegalStateException("boom");
    SyncToolSpecification tool =
        telemetry()
            .tool(
                tool(
                    "fails",
                    (exchange, request) -> {
                      throw thrown;
                    }));

    assertThatThrownBy(() -> tool.callHandler().apply(exchange("x"), request("fails")))
        .isSameAs(thrown);
    assertThat(registry.snapshot().errorCategoryCounts()).isEmpty();
    assertThat(registry.snapshot().upstreamToolCalls()).isEqualTo(1);
  }

  @Test
  void aBrokenStoreOrMappingNeverReachesTheHostsToolCall() {
    McpTelemetry telemetry =
        McpTelemetry.builder(
                registry,
                () -> {
                  throw new IllegalStateException("database locked");
                })
            .toolMapping(
                name -> {
                  throw new IllegalArgumentException("mapping bug");
                })
            .failureMapping(
                (name, failure) -> {
                  throw new IllegalArgumentException("mapping bug");
                })
            .build();
    SyncToolSpecification ok = telemetry.tool(tool("ok", ok()));
    SyncToolSpecification failing =
        telemetry.tool(
            tool(
                "failing",
                (exchange, request) -> {
                  throw new UnsupportedOperationException("the tool's own failure");
                }));

    assertThat(ok.callHandler().apply(exchange("x"), request("ok")).content()).hasSize(1);
    assertThatThrownBy(() -> failing.callHandler().apply(exchange("x"), request("failing")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(registry.snapshot().upstreamToolCalls()).isEqualTo(2);
  }

  @Test
  void theRequestManagerCountsEveryRequestItsClientAndItsToolCall() {
    List<String> handled = new ArrayList<>();
    McpRequestManager server =
        new McpRequestManager() {
          @Override
          public Mono<McpTransportResponse> handle(
              McpTransportContext context, JSONRPCRequest request) {
            handled.add(request.method());
            return Mono.empty();
          }

          @Override
          public Mono<McpTransportResponse> handleBlocking(
              McpTransportContext context, JSONRPCRequest request) {
            return handle(context, request);
          }

          @Override
          public Mono<Void> handleNotification(
              McpTransportContext context, JSONRPCNotification notification) {
            return Mono.empty();
          }
        };
    McpRequestManager counted =
        McpTelemetry.builder(registry, () -> store)
            .builtinTools(Map.of("find", BuiltinTool.RETRIEVE_TOOLS))
            .build()
            .requestManager(server);
    Map<String, Object> meta =
        Map.of(MetaKeys.CLIENT_INFO, Map.of("name", "Zed", "version", "1.0"));

    counted.handle(McpTransportContext.EMPTY, modern("tools/list", Map.of("_meta", meta))).block();
    counted
        .handle(
            McpTransportContext.EMPTY,
            modern("tools/call", Map.of("name", "find", "arguments", Map.of(), "_meta", meta)))
        .block();
    counted
        .handleBlocking(
            McpTransportContext.EMPTY,
            modern("tools/call", Map.of("name", "github_search", "_meta", meta)))
        .block();

    assertThat(handled).containsExactly("tools/list", "tools/call", "tools/call");
    assertThat(registry.snapshot().surfaceRequests()).containsEntry("mcp", 3L);
    assertThat(registry.snapshot().builtinToolCalls()).isEqualTo(Map.of("retrieve_tools", 1L));
    assertThat(registry.snapshot().upstreamToolCalls()).isEqualTo(1);
    assertThat(store.clients).containsExactly("Zed");
  }

  private McpTelemetry telemetry() {
    return McpTelemetry.builder(registry, () -> store).build();
  }

  private static JSONRPCRequest modern(String method, Map<String, Object> params) {
    return new JSONRPCRequest(method, 1, params);
  }

  private static java.util.function.BiFunction<
          McpSyncServerExchange, CallToolRequest, CallToolResult>
      ok() {
    return (exchange, request) -> CallToolResult.builder().addTextContent("ok").build();
  }

  private static SyncToolSpecification tool(
      String name,
      java.util.function.BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult>
          handler) {
    return new SyncToolSpecification(Tool.builder(name, Map.of("type", "object")).build(), handler);
  }

  private static CallToolRequest request(String name) {
    return CallToolRequest.builder(name).arguments(Map.of()).build();
  }

  private static McpSyncServerExchange exchange(String clientName) {
    return new McpSyncServerExchange(
        new McpAsyncServerExchange(
            "session-" + clientName,
            null,
            ClientCapabilities.builder().build(),
            Implementation.builder(clientName, "1.0").build(),
            McpTransportContext.EMPTY));
  }

  /** An activation store that remembers what it was told. */
  private static final class RecordingStore implements ActivationStore {
    final ActivationStore memory = ActivationStore.inMemory(Clock.systemUTC());
    final List<String> clients = new ArrayList<>();
    final AtomicInteger firstClientMarks = new AtomicInteger();
    final AtomicInteger firstRetrieveMarks = new AtomicInteger();
    final AtomicInteger retrieveToolsCalls = new AtomicInteger();

    @Override
    public ActivationState load() {
      return memory.load();
    }

    @Override
    public void save(ActivationState state) {
      memory.save(state);
    }

    @Override
    public void markFirstConnectedServer() {
      memory.markFirstConnectedServer();
    }

    @Override
    public void markFirstMcpClient() {
      firstClientMarks.incrementAndGet();
    }

    @Override
    public void markFirstRetrieveToolsCall() {
      firstRetrieveMarks.incrementAndGet();
    }

    @Override
    public synchronized void recordMcpClient(String name) {
      clients.add(name);
    }

    @Override
    public void incrementRetrieveToolsCall() {
      retrieveToolsCalls.incrementAndGet();
    }

    @Override
    public void addTokensSaved(long tokens) {}

    @Override
    public void clear() {
      memory.clear();
    }

    @Override
    public void setInstallerPending(boolean pending) {}

    @Override
    public boolean isInstallerPending() {
      return false;
    }

    @Override
    public boolean isInstallerFlagEverSet() {
      return false;
    }
  }
}
