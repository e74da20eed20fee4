package app.mcpproxy.telemetry.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Races tasks: each on its own thread, all released at the same moment, so they contend as hard as
 * a test can make them. A race waits a bounded time, and a task's failure fails the test that
 * started it.
 *
 * <pre>{@code
 * Concurrently.run(8, thread -> {
 *   for (int i = 0; i < 50; i++) {
 *     limiter.tryAcquire();
 *   }
 * });
 * }</pre>
 */
public final class Concurrently {
  /** How long {@link #run} and {@link #call} wait for every task. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** A task that returns nothing. */
  @FunctionalInterface
  public interface Task {
    /**
     * Runs the task.
     *
     * @param thread which of the racing threads runs it, from 0
     * @throws Exception any failure, rethrown by the race
     */
    void run(int thread) throws Exception;
  }

  /**
   * A task that returns a value.
   *
   * @param <T> the value's type
   */
  @FunctionalInterface
  public interface Call<T> {
    /**
     * Runs the task.
     *
     * @param thread which of the racing threads runs it, from 0
     * @return its value
     * @throws Exception any failure, rethrown by the race
     */
    T call(int thread) throws Exception;
  }

  /**
   * A race under way, for tests that act on their own thread while the tasks run.
   *
   * @param <T> the tasks' value type
   */
  public static final class Race<T> {
    private final List<Thread> threads;
    private final List<FutureTask<T>> tasks;

    private Race(List<Thread> threads, List<FutureTask<T>> tasks) {
      this.threads = threads;
      this.tasks = tasks;
    }

    /**
     * Waits for every task.
     *
     * @param timeout how long to wait in all
     * @return the tasks' values, in thread order
     * @throws AssertionError when a task has not finished in time (every task is then interrupted)
     * @throws RuntimeException or {@link Error}: the first task failure, as thrown; a checked one
     *     wrapped in an {@link AssertionError}. Later failures are attached as suppressed.
     */
    public List<T> await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<T> values = new ArrayList<>();
      Throwable failure = null;
      try {
        for (FutureTask<T> task : tasks) {
          try {
            values.add(task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
          } catch (ExecutionException e) {
            if (failure == null) {
              failure = e.getCause();
            } else {
              failure.addSuppressed(e.getCause());
            }
            values.add(null);
          }
        }
      } catch (TimeoutException e) {
        throw new AssertionError(
            "the racing tasks did not all finish within " + timeout + "; interrupted them");
      } finally {
        threads.forEach(Thread::interrupt);
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure != null) {
        throw new AssertionError("a racing task failed", failure);
      }
      return values;
    }
  }

  private Concurrently() {}

  /**
   * Runs a task on {@code threads} threads at once and waits for all of them, at most {@link
   * #DEFAULT_TIMEOUT}.
   *
   * @param threads how many threads race
   * @param task what each runs
   * @throws InterruptedException when the test's thread is interrupted while waiting
   */
  public static void run(int threads, Task task) throws InterruptedException {
    call(
        threads,
        thread -> {
          task.run(thread);
          return null;
        });
  }

  /**
   * Runs a task on {@code threads} threads at once and returns their values, waiting at most {@link
   * #DEFAULT_TIMEOUT}.
   *
   * @param threads how many threads race
   * @param task what each runs
   * @param <T> the value's type
   * @return the values, in thread order
   * @throws InterruptedException when the test's thread is interrupted while waiting
   */
  public static <T> List<T> call(int threads, Call<T> task) throws InterruptedException {
    return start(threads, task).await(DEFAULT_TIMEOUT);
  }

  /**
   * Starts a task on {@code threads} threads and releases them together once all are ready, without
   * waiting for them to finish.
   *
   * @param threads how many threads race
   * @param task what each runs
   * @param <T> the value's type
   * @return the race, to {@linkplain Race#await await}
   * @throws InterruptedException when the test's thread is interrupted while the threads start
   */
  public static <T> Race<T> start(int threads, Call<T> task) throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    List<FutureTask<T>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      FutureTask<T> future =
          new FutureTask<>(
              () -> {
                ready.countDown();
                go.await();
                return task.call(index);
              });
      Thread thread = new Thread(future, "concurrently-" + t);
      thread.setDaemon(true);
      tasks.add(future);
      started.add(thread);
    }
    started.forEach(Thread::start);
    if (!ready.await(DEFAULT_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
      started.forEach(Thread::interrupt);
      throw new AssertionError("the racing threads did not start within " + DEFAULT_TIMEOUT);
    }
    go.countDown();
    return new Race<>(started, tasks);
  }
}
