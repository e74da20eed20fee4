package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.UpsertHeartbeat;

/**
 * {@code POST /v1/heartbeat}: validate, then answer 204 once the heartbeat is merged into its
 * install's day and committed (also when its idempotency key shows it was applied before).
 */
public final class HeartbeatEndpoint {
  private final HeartbeatIntake intake;
  private final Writes writes;
  private final CollectorMetrics metrics;

  public HeartbeatEndpoint(HeartbeatIntake intake, Writes writes, CollectorMetrics metrics) {
    this.intake = intake;
    this.writes = writes;
    this.metrics = metrics;
  }

  void handle(Exchange exchange) {
    BodyReader.readJson(exchange, body -> admit(exchange, body));
  }

  private void admit(Exchange exchange, byte[] body) {
    ReceivedHeartbeat heartbeat;
    try {
      heartbeat =
          intake.admit(body, exchange.request().getHeaders().get(HeartbeatIntake.IDEMPOTENCY_KEY));
    } catch (Rejection rejection) {
      exchange.reject(rejection);
      return;
    }
    writes.submit(
        exchange,
        new UpsertHeartbeat(heartbeat),
        () -> {
          metrics.ingestLatency(System.nanoTime() - exchange.startNanos());
          exchange.noContent();
        });
  }
}
