package app.mcpproxy.telemetry.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled executor that runs nothing until the test calls {@link #runPending()} or {@link
 * #runNext()}, on the test's thread; it records each task's delay so tests can check what was
 * scheduled without waiting. Thread-safe.
 */
public final class ManualScheduledExecutor extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final List<Task<?>> queue = new ArrayList<>();
  private final List<Duration> history = new ArrayList<>();
  private boolean shutdown;

  /** Returns how many tasks wait to run. */
  public synchronized int pendingCount() {
    return (int) queue.stream().filter(task -> !task.isCancelled()).count();
  }

  /** Returns the delays of the waiting tasks, in the order they were scheduled. */
  public synchronized List<Duration> pendingDelays() {
    List<Duration> delays = new ArrayList<>();
    for (Task<?> task : queue) {
      if (!task.isCancelled()) {
        delays.add(Duration.ofNanos(task.delayNanos));
      }
    }
    return delays;
  }

  /**
   * Returns the delay of every task ever scheduled, oldest first; reruns of periodic tasks aside.
   */
  public synchronized List<Duration> scheduledDelays() {
    return List.copyOf(history);
  }

  /**
   * Runs the oldest waiting task; a periodic task is queued again.
   *
   * @return the delay it was scheduled with
   * @throws IllegalStateException when no task waits
   */
  public Duration runNext() {
    Task<?> next;
    synchronized (this) {
      queue.removeIf(Task::isCancelled);
      if (queue.isEmpty()) {
        throw new IllegalStateException("nothing scheduled");
      }
      next = queue.remove(0);
    }
    next.run();
    if (next.periodNanos > 0 && !next.isDone()) {
      enqueue(next);
    }
    return Duration.ofNanos(next.delayNanos);
  }

  /**
   * Runs every task queued so far, in order; tasks they schedule wait for the next call, and
   * periodic tasks are queued again.
   *
   * @return how many tasks ran
   */
  public int runPending() {
    List<Task<?>> due;
    synchronized (this) {
      due = new ArrayList<>(queue);
      queue.clear();
    }
    int ran = 0;
    for (Task<?> task : due) {
      if (task.isCancelled()) {
        continue;
      }
      task.run();
      ran++;
      if (task.periodNanos > 0 && !task.isDone()) {
        enqueue(task);
      }
    }
    return ran;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueueNew(new Task<>(Executors.callable(command, null), unit.toNanos(delay), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueueNew(new Task<>(callable, unit.toNanos(delay), 0));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return schedulePeriodic(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return schedulePeriodic(command, initialDelay, delay, unit);
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> waiting = new ArrayList<>(queue);
    queue.clear();
    return waiting;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private ScheduledFuture<?> schedulePeriodic(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    return enqueueNew(
        new Task<>(
            Executors.callable(command, null), unit.toNanos(initialDelay), unit.toNanos(period)));
  }

  private synchronized <V> Task<V> enqueueNew(Task<V> task) {
    enqueue(task);
    history.add(Duration.ofNanos(task.delayNanos));
    return task;
  }

  private synchronized <V> Task<V> enqueue(Task<V> task) {
    if (shutdown) {
      throw new RejectedExecutionException("executor is shut down");
    }
    queue.add(task);
    return task;
  }

  private static final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final long delayNanos;
    final long periodNanos;

    Task(Callable<V> callable, long delayNanos, long periodNanos) {
      super(callable);
      this.delayNanos = delayNanos;
      this.periodNanos = periodNanos;
    }

    @Override
    public void run() {
      if (periodNanos > 0) {
        runAndReset();
      } else {
        super.run();
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
