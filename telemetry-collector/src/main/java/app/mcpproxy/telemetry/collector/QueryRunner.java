package app.mcpproxy.telemetry.collector;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs read queries on its own small pool, so that no HTTP thread ever waits for the database. */
final class QueryRunner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(QueryRunner.class.getName());

  /** A read against one connection. */
  @FunctionalInterface
  interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  private final CollectorDatabase database;
  private final ThreadPoolExecutor executor;

  QueryRunner(CollectorDatabase database, int threads, int queueCapacity) {
    this.database = database;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread = new Thread(task, "collector-query-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs a query, then answers with its result; a busy pool or a failing database answers 503.
   *
   * @param exchange the request to answer
   * @param query the read
   * @param answer called with the result on the query thread
   */
  <T> void run(Exchange exchange, Query<T> query, Consumer<T> answer) {
    try {
      executor.execute(
          () -> {
            T result;
            try (Connection connection = database.connection()) {
              result = query.run(connection);
            } catch (SQLException | RuntimeException e) {
              LOG.log(
                  Level.ERROR,
                  "query failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
              exchange.reject(
                  new Rejection(
                          503, "storage_unavailable", "the database cannot be read; retry later")
                      .with("retry_after_seconds", 5));
              return;
            }
            answer.accept(result);
          });
    } catch (RejectedExecutionException e) {
      exchange.reject(Rejection.overloaded());
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
