package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.storage.GroupCommitWriter;
import app.mcpproxy.telemetry.collector.storage.WriteAcknowledgement;
import app.mcpproxy.telemetry.collector.storage.WriteOperation;
import java.time.Duration;
import java.util.Objects;

/**
 * Hands writes to the {@link GroupCommitWriter} and answers each request once its write commits.
 */
public final class Writes {
  /**
   * How long a request waits for its commit whatever its connection's idle timeout says: stopping
   * shortens that timeout to close idle connections quickly, and a write already queued must still
   * be answered with its outcome.
   */
  static final Duration COMMIT_WAIT = Duration.ofSeconds(30);

  private final GroupCommitWriter writer;

  public Writes(GroupCommitWriter writer) {
    this.writer = Objects.requireNonNull(writer, "writer");
  }

  /**
   * Queues a write; the request is answered by {@code answer} after the commit, with 503 when the
   * write fails, or at once with 503 when the queue is full.
   */
  void submit(Exchange exchange, WriteOperation operation, Runnable answer) {
    WriteAcknowledgement acknowledgement =
        new WriteAcknowledgement() {
          @Override
          public void committed() {
            answer.run();
          }

          @Override
          public void failed(Exception cause) {
            exchange.reject(
                new Rejection(503, "storage_unavailable", "the write was not stored; retry later")
                    .with("retry_after_seconds", 5));
          }
        };
    long queuedAt = System.nanoTime();
    exchange
        .request()
        .addIdleTimeoutListener(timeout -> System.nanoTime() - queuedAt > COMMIT_WAIT.toNanos());
    if (!writer.submit(operation, acknowledgement)) {
      exchange.reject(Rejection.overloaded());
    }
  }
}
