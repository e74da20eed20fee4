package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs read queries on its own small pool, so that no HTTP thread ever waits for the database, and
 * bounds each: past its time limit the request is answered 503 with {@code Retry-After} and the
 * query is cancelled in the database.
 */
public final class QueryRunner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(QueryRunner.class.getName());

  /** Seconds a client is told to wait after a query ran out of time. */
  static final int RETRY_AFTER_TIMEOUT_SECONDS = 30;

  /** A read against one connection. */
  @FunctionalInterface
  interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Where the outcome of a query goes. */
  interface Answer<T> {
    void result(T result);

    void rejected(Rejection rejection);
  }

  private final CollectorDatabase database;
  private final Duration timeout;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService watchdog;

  public QueryRunner(CollectorDatabase database, int threads, int queueCapacity, Duration timeout) {
    this.database = database;
    this.timeout = timeout;
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
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "collector-query-watchdog");
              thread.setDaemon(true);
              return thread;
            });
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Runs a query, then answers with its result; a busy pool or a failing database answers 503, and
   * so does a query still running at the time limit, which is then cancelled.
   *
   * @param exchange the request to answer
   * @param query the read
   * @param answer called with the result on the query thread
   */
  <T> void run(Exchange exchange, Query<T> query, Consumer<T> answer) {
    run(
        query,
        new Answer<T>() {
          @Override
          public void result(T result) {
            answer.accept(result);
          }

          @Override
          public void rejected(Rejection rejection) {
            exchange.reject(rejection);
          }
        });
  }

  /**
   * Runs a query and tells {@code answer} exactly once what came of it.
   *
   * @param query the read
   * @param answer told the result or the rejection
   */
  <T> void run(Query<T> query, Answer<T> answer) {
    try {
      executor.execute(() -> runBounded(query, answer));
    } catch (RejectedExecutionException e) {
      answer.rejected(Rejection.overloaded());
    }
  }

  private <T> void runBounded(Query<T> query, Answer<T> answer) {
    T result;
    Bound bound = new Bound();
    long start = System.nanoTime();
    try (Connection connection = database.connection()) {
      ScheduledFuture<?> alarm =
          watchdog.schedule(
              () -> bound.expire(connection), timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        result = query.run(connection);
      } finally {
        alarm.cancel(false);
        bound.finish();
      }
    } catch (SQLException | RuntimeException e) {
      if (bound.expired()) {
        answer.rejected(timedOut());
        return;
      }
      LOG.log(Level.ERROR, "query failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      answer.rejected(
          new Rejection(503, "storage_unavailable", "the database cannot be read; retry later")
              .with("retry_after_seconds", 5));
      return;
    }
    // A query that ended past its limit before the alarm went off is answered the same way.
    if (bound.expired() || System.nanoTime() - start >= timeout.toNanos()) {
      answer.rejected(timedOut());
      return;
    }
    answer.result(result);
  }

  private Rejection timedOut() {
    return new Rejection(
            503,
            "query_timeout",
            "the query took longer than " + timeout.toMillis() + " ms and was cancelled")
        .with("retry_after_seconds", RETRY_AFTER_TIMEOUT_SECONDS);
  }

  /** Whether a query ran past its limit; cancels it in the database at most once, while it runs. */
  private final class Bound {
    private boolean finished;
    private boolean expired;

    synchronized void expire(Connection connection) {
      if (finished) {
        return;
      }
      expired = true;
      try {
        database.cancel(connection);
      } catch (SQLException | RuntimeException e) {
        LOG.log(Level.WARNING, "cancelling a query failed: " + e.getClass().getSimpleName());
      }
    }

    synchronized void finish() {
      finished = true;
    }

    synchronized boolean expired() {
      return expired;
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
    watchdog.shutdownNow();
  }
}
