package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.storage.GroupCommitWriter;
import app.mcpproxy.telemetry.collector.storage.WriteAcknowledgement;
import app.mcpproxy.telemetry.collector.storage.WriteOperation;
import java.util.Objects;

/**
 * Hands writes to the {@link GroupCommitWriter} and answers each request once its write commits.
 */
public final class Writes {
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
    if (!writer.submit(operation, acknowledgement)) {
      exchange.reject(Rejection.overloaded());
    }
  }
}
