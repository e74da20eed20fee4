package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.service.TelemetryService;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Instruments a server built on the official MCP Java SDK: tool calls, session clients, requests
 * and mapped failures are counted into a {@link TelemetryService}.
 *
 * <ul>
 *   <li>{@link #tool(SyncToolSpecification)} and {@link #asyncTool(AsyncToolSpecification)} wrap a
 *       tool's call handler: each call counts as the built-in tool the host maps it to, else as an
 *       upstream tool call (a count only); a {@code retrieve_tools} call also counts in the
 *       activation funnel; the calling session's {@code clientInfo.name} is recorded once; a
 *       failure counts under the error category the host maps it to.
 *   <li>{@link #contextExtractor} (streamable HTTP) and {@link #transport} (stdio and other session
 *       transports) count every request under the {@code mcp} surface.
 *   <li>{@link #requestManager} does all of that for the SDK's stateless {@code modern} server in
 *       one decorator.
 * </ul>
 *
 * <p>Nothing here records a tool's name, its arguments, a message or a result, and nothing throws
 * into the host: a failing store or mapping only loses the count.
 *
 * <pre>{@code
 * McpTelemetry telemetry = McpTelemetry.builder(service)
 *     .builtinTools(Map.of("search_tools", BuiltinTool.RETRIEVE_TOOLS))
 *     .build();
 * var transport = HttpServletStreamableServerTransportProvider.builder()
 *     .contextExtractor(telemetry.contextExtractor())
 *     .build();
 * McpServer.sync(transport).tools(telemetry.tools(myTools)).build();
 * }</pre>
 */
public final class McpTelemetry {
  private final McpRecorder recorder;

  private McpTelemetry(Builder builder) {
    this.recorder =
        new McpRecorder(
            builder.registry,
            new ActivationEvents(builder.activationStore),
            builder.tools,
            builder.failures);
  }

  /**
   * Starts a builder that records into a telemetry service.
   *
   * @param service the host's telemetry service
   * @return a new builder
   */
  public static Builder builder(TelemetryService service) {
    Objects.requireNonNull(service, "service");
    return new Builder(service.registry(), service::activationStore);
  }

  /**
   * Starts a builder that records into a registry and an activation store of the host's choosing.
   *
   * @param registry the counters
   * @param activationStore gives the activation store on first use; may throw, which drops
   *     activation events
   * @return a new builder
   */
  public static Builder builder(
      CounterRegistry registry, Supplier<ActivationStore> activationStore) {
    return new Builder(
        Objects.requireNonNull(registry, "registry"),
        Objects.requireNonNull(activationStore, "activationStore"));
  }

  /**
   * Wraps a synchronous tool's call handler so that its calls are counted.
   *
   * @param spec the tool
   * @return the same tool with a counting call handler
   */
  public SyncToolSpecification tool(SyncToolSpecification spec) {
    Objects.requireNonNull(spec, "spec");
    ToolCounter counter = recorder.counterFor(spec.tool().name());
    BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler = spec.callHandler();
    return new SyncToolSpecification(
        spec.tool(),
        (exchange, request) -> {
          counter.called(exchange == null ? null : exchange.getClientInfo());
          CallToolResult result;
          try {
            result = handler.apply(exchange, request);
          } catch (Throwable failure) {
            counter.failed(failure);
            throw failure;
          }
          counter.result(result);
          return result;
        });
  }

  /**
   * Wraps an asynchronous tool's call handler so that its calls are counted; a failure counts when
   * the returned {@link Mono} fails.
   *
   * @param spec the tool
   * @return the same tool with a counting call handler
   */
  public AsyncToolSpecification asyncTool(AsyncToolSpecification spec) {
    Objects.requireNonNull(spec, "spec");
    ToolCounter counter = recorder.counterFor(spec.tool().name());
    BiFunction<McpAsyncServerExchange, CallToolRequest, Mono<CallToolResult>> handler =
        spec.callHandler();
    return new AsyncToolSpecification(
        spec.tool(),
        (exchange, request) -> {
          counter.called(exchange == null ? null : exchange.getClientInfo());
          Mono<CallToolResult> result;
          try {
            result = handler.apply(exchange, request);
          } catch (Throwable failure) {
            counter.failed(failure);
            throw failure;
          }
          return result == null
              ? null
              : result.doOnNext(counter.onResult).doOnError(counter.onFailure);
        });
  }

  /**
   * Wraps each synchronous tool with {@link #tool(SyncToolSpecification)}.
   *
   * @param specs the tools
   * @return the counting tools, in the same order
   */
  public List<SyncToolSpecification> tools(List<SyncToolSpecification> specs) {
    List<SyncToolSpecification> wrapped = new ArrayList<>(specs.size());
    for (SyncToolSpecification spec : specs) {
      wrapped.add(tool(spec));
    }
    return wrapped;
  }

  /**
   * Wraps each asynchronous tool with {@link #asyncTool(AsyncToolSpecification)}.
   *
   * @param specs the tools
   * @return the counting tools, in the same order
   */
  public List<AsyncToolSpecification> asyncTools(List<AsyncToolSpecification> specs) {
    List<AsyncToolSpecification> wrapped = new ArrayList<>(specs.size());
    for (AsyncToolSpecification spec : specs) {
      wrapped.add(asyncTool(spec));
    }
    return wrapped;
  }

  /**
   * Wraps a session transport provider, such as the SDK's {@code StdioServerTransportProvider}, so
   * that every request its sessions answer counts under the {@code mcp} surface. Give the wrapper
   * to {@code McpServer.sync(…)} or {@code McpServer.async(…)}.
   *
   * @param provider the provider
   * @return the counting provider
   */
  public McpServerTransportProvider transport(McpServerTransportProvider provider) {
    return new CountingTransportProvider(Objects.requireNonNull(provider, "provider"), recorder);
  }

  /**
   * Returns a transport context extractor for the SDK's servlet transports that counts every HTTP
   * request on the MCP endpoint under the {@code mcp} surface. Give it to the transport builder's
   * {@code contextExtractor(…)}.
   *
   * @return the extractor; it gives an empty context
   */
  public McpTransportContextExtractor<HttpServletRequest> contextExtractor() {
    return new ServletRequestCounter(null, recorder);
  }

  /**
   * Like {@link #contextExtractor()}, handing each request on to the host's own extractor.
   *
   * @param delegate the host's extractor
   * @return the counting extractor
   */
  public McpTransportContextExtractor<HttpServletRequest> contextExtractor(
      McpTransportContextExtractor<HttpServletRequest> delegate) {
    return new ServletRequestCounter(Objects.requireNonNull(delegate, "delegate"), recorder);
  }

  /**
   * Wraps the request manager of the SDK's stateless server (its {@code modern} API), which sees
   * every request: each counts under the {@code mcp} surface, the client named in its metadata is
   * recorded, and a {@code tools/call} counts as its built-in tool or as an upstream tool call; a
   * request that fails with an exception counts under the category the host maps it to. Give the
   * wrapper to the HTTP or stdio transport in place of the server.
   *
   * @param manager the server, or another request manager
   * @return the counting request manager
   */
  public McpRequestManager requestManager(McpRequestManager manager) {
    return new CountingRequestManager(Objects.requireNonNull(manager, "manager"), recorder);
  }

  /** Assembles an {@link McpTelemetry}. */
  public static final class Builder {
    private final CounterRegistry registry;
    private final Supplier<ActivationStore> activationStore;
    private ToolMapping tools = ToolMapping.allUpstream();
    private FailureMapping failures = FailureMapping.none();

    private Builder(CounterRegistry registry, Supplier<ActivationStore> activationStore) {
      this.registry = registry;
      this.activationStore = activationStore;
    }

    /**
     * Names the host's tools that are built-in tools; every other tool is an upstream tool.
     *
     * @param builtinTools tool names and the built-in tools they count as
     * @return this builder
     */
    public Builder builtinTools(Map<String, BuiltinTool> builtinTools) {
      this.tools = ToolMapping.of(builtinTools);
      return this;
    }

    /**
     * Sets how the host's tools map to built-in tools; defaults to every tool being upstream.
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder toolMapping(ToolMapping mapping) {
      this.tools = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * Sets which failed tool calls count as errors; defaults to none.
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder failureMapping(FailureMapping mapping) {
      this.failures = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * Builds the instrumentation.
     *
     * @return the instrumentation
     */
    public McpTelemetry build() {
      return new McpTelemetry(this);
    }
  }
}
