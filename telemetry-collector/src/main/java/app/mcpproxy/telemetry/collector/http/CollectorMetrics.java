package app.mcpproxy.telemetry.collector.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;

/** The collector's own metrics, in a registry of this instance, exposed in Prometheus format. */
public final class CollectorMetrics {
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter requests =
      Counter.builder()
          .name("collector_http_requests_total")
          .help("HTTP requests answered, by route template and status code")
          .labelNames("route", "status")
          .register(registry);

  private final Counter rejections =
      Counter.builder()
          .name("collector_rejections_total")
          .help("Requests refused, by reason")
          .labelNames("reason")
          .register(registry);

  private final Histogram ingestLatency =
      Histogram.builder()
          .name("collector_ingest_latency_seconds")
          .help("Time from a heartbeat's arrival until it is committed and acknowledged")
          .classicOnly()
          .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5)
          .register(registry);

  private final Histogram commitBatchSize =
      Histogram.builder()
          .name("collector_commit_batch_size")
          .help("Writes committed together in one transaction")
          .classicOnly()
          .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
          .register(registry);

  public void watchWriteQueue(IntSupplier writeQueueDepth) {
    GaugeWithCallback.builder()
        .name("collector_write_queue_depth")
        .help("Writes waiting for the next commit")
        .callback(callback -> callback.call(writeQueueDepth.getAsInt()))
        .register(registry);
  }

  void request(String route, int status) {
    requests.labelValues(route, Integer.toString(status)).inc();
  }

  void rejection(String reason) {
    rejections.labelValues(reason).inc();
  }

  void ingestLatency(long nanos) {
    ingestLatency.observe(nanos / 1e9);
  }

  public void committedBatch(int writes) {
    commitBatchSize.observe(writes);
  }

  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing metrics to memory failed", e);
    }
    return out.toByteArray();
  }
}
