package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.service.TelemetryService;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Instruments the MCP clients a proxy or gateway opens to its upstream servers: the first
 * successful {@code initialize} ever marks {@code first_connected_server_ever}, and a failed one
 * counts as {@code upstream_connect_timeout}, {@code upstream_connect_refused} or {@code
 * upstream_handshake_failed} (see {@link ConnectFailures#classify}). Nothing about the server, its
 * URL or its command is recorded.
 *
 * <pre>{@code
 * McpClientTelemetry upstreams = McpClientTelemetry.of(service);
 * McpSyncClient client = McpClient.sync(transport).build();
 * upstreams.initialize(client); // rethrows what initialize throws
 * }</pre>
 */
public final class McpClientTelemetry {
  private final CounterRegistry registry;
  private final ActivationEvents activation;

  private McpClientTelemetry(CounterRegistry registry, Supplier<ActivationStore> store) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.activation = new ActivationEvents(store);
  }

  /**
   * Records into a telemetry service.
   *
   * @param service the host's telemetry service
   * @return the instrumentation
   */
  public static McpClientTelemetry of(TelemetryService service) {
    Objects.requireNonNull(service, "service");
    return new McpClientTelemetry(service.registry(), service::activationStore);
  }

  /**
   * Records into a registry and an activation store of the host's choosing.
   *
   * @param registry the counters
   * @param activationStore gives the activation store on first use
   * @return the instrumentation
   */
  public static McpClientTelemetry of(
      CounterRegistry registry, Supplier<ActivationStore> activationStore) {
    return new McpClientTelemetry(registry, activationStore);
  }

  /**
   * Initializes a synchronous client and records the outcome.
   *
   * @param client the client, not yet initialized
   * @return what {@link McpSyncClient#initialize()} returns
   * @throws RuntimeException whatever {@link McpSyncClient#initialize()} throws, unchanged
   */
  public InitializeResult initialize(McpSyncClient client) {
    Objects.requireNonNull(client, "client");
    InitializeResult result;
    try {
      result = client.initialize();
    } catch (RuntimeException | Error failure) {
      connectFailed(failure);
      throw failure;
    }
    connected();
    return result;
  }

  /**
   * Initializes an asynchronous client and records the outcome when the returned {@link Mono}
   * completes.
   *
   * @param client the client, not yet initialized
   * @return what {@link McpAsyncClient#initialize()} returns, with the recording attached
   */
  public Mono<InitializeResult> initialize(McpAsyncClient client) {
    Objects.requireNonNull(client, "client");
    return client.initialize().doOnNext(result -> connected()).doOnError(this::connectFailed);
  }

  /** Records a successful connection, for hosts that initialize their clients themselves. */
  public void connected() {
    activation.serverConnected();
  }

  /**
   * Records a failed connection, for hosts that initialize their clients themselves.
   *
   * @param failure what the connection or {@code initialize} failed with
   */
  public void connectFailed(Throwable failure) {
    try {
      registry.recordError(ConnectFailures.classify(failure));
    } catch (RuntimeException e) {
      // Telemetry never fails the host.
    }
  }
}
