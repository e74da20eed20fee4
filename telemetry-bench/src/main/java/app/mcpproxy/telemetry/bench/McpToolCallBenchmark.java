package app.mcpproxy.telemetry.bench;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.mcp.McpTelemetry;
import app.mcpproxy.telemetry.model.BuiltinTool;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One MCP tool call through the SDK's call handler, uninstrumented and instrumented by {@link
 * McpTelemetry}, on the same tool, session and request: the difference is what the instrumentation
 * costs the host per call. Run with {@code -prof gc} to compare allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class McpToolCallBenchmark {
  private static final String UPSTREAM = "github_search";
  private static final String BUILTIN = "call_tool_read";
  private static final String RETRIEVE = "retrieve_tools";

  McpSyncServerExchange exchange;
  CallToolRequest request;
  BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> plain;
  BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> instrumentedUpstream;
  BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> instrumentedBuiltin;
  BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> instrumentedRetrieveTools;

  @Setup(Level.Trial)
  public void setUp() {
    CallToolResult result = CallToolResult.builder().addTextContent("ok").build();
    BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler =
        (session, call) -> result;
    exchange =
        new McpSyncServerExchange(
            new McpAsyncServerExchange(
                "session-1",
                null,
                ClientCapabilities.builder().build(),
                Implementation.builder("claude-code", "1.0.0").build(),
                McpTransportContext.EMPTY));
    request = CallToolRequest.builder(UPSTREAM).arguments(Map.of("q", "telemetry")).build();

    ActivationStore store = ActivationStore.inMemory(Clock.systemUTC());
    McpTelemetry telemetry =
        McpTelemetry.builder(new CounterRegistry(), () -> store)
            .builtinTools(
                Map.of(BUILTIN, BuiltinTool.CALL_TOOL_READ, RETRIEVE, BuiltinTool.RETRIEVE_TOOLS))
            .build();
    plain = spec(UPSTREAM, handler).callHandler();
    instrumentedUpstream = telemetry.tool(spec(UPSTREAM, handler)).callHandler();
    instrumentedBuiltin = telemetry.tool(spec(BUILTIN, handler)).callHandler();
    instrumentedRetrieveTools = telemetry.tool(spec(RETRIEVE, handler)).callHandler();
  }

  private static SyncToolSpecification spec(
      String name, BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return new SyncToolSpecification(Tool.builder(name, Map.of("type", "object")).build(), handler);
  }

  @Benchmark
  public CallToolResult baselineUninstrumented() {
    return plain.apply(exchange, request);
  }

  @Benchmark
  public CallToolResult instrumentedUpstreamTool() {
    return instrumentedUpstream.apply(exchange, request);
  }

  @Benchmark
  public CallToolResult instrumentedBuiltinTool() {
    return instrumentedBuiltin.apply(exchange, request);
  }

  @Benchmark
  public CallToolResult instrumentedRetrieveTools() {
    return instrumentedRetrieveTools.apply(exchange, request);
  }
}
