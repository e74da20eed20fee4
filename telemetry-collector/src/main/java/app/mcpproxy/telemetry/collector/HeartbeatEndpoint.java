package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.WriteOperation.UpsertHeartbeat;

/** {@code POST /v1/heartbeat}: validate, then answer 204 once the row is committed. */
final class HeartbeatEndpoint {
  private final HeartbeatIntake intake;
  private final Writes writes;
  private final CollectorMetrics metrics;

  HeartbeatEndpoint(HeartbeatIntake intake, Writes writes, CollectorMetrics metrics) {
    this.intake = intake;
    this.writes = writes;
    this.metrics = metrics;
  }

  void handle(Exchange exchange) {
    BodyReader.readJson(exchange, body -> admit(exchange, body));
  }

  private void admit(Exchange exchange, byte[] body) {
    HeartbeatRow row;
    try {
      row = intake.admit(body);
    } catch (Rejection rejection) {
      exchange.reject(rejection);
      return;
    }
    writes.submit(
        exchange,
        new UpsertHeartbeat(row),
        () -> {
          metrics.ingestLatency(System.nanoTime() - exchange.startNanos());
          exchange.noContent();
        });
  }
}
