package app.mcpproxy.telemetry.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: it records what was scheduled, with its delay, and a
 * test runs the tasks one by one on its own thread with {@link #runNext()}. Thread-safe.
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {

  /** A scheduled one-shot task. */
  public final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
    private final Duration delay;

    Task(Callable<Object> callable, Duration delay) {
      super(callable);
      this.delay = delay;
    }

    /** The delay it was scheduled with. */
    public Duration delay() {
      return delay;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }

  private final List<Task> pending = new ArrayList<>();
  private final List<Duration> history = new ArrayList<>();
  private boolean shutdown;

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(
        () -> {
          command.run();
          return null;
        },
        delay,
        unit);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <V> ScheduledFuture<V> schedule(
      Callable<V> callable, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    Duration asDuration = Duration.ofNanos(unit.toNanos(delay));
    Task task = new Task((Callable<Object>) callable, asDuration);
    pending.add(task);
    history.add(asDuration);
    return (ScheduledFuture<V>) task;
  }

  /** Tasks scheduled and neither run nor cancelled, oldest first. */
  public synchronized List<Task> pending() {
    pending.removeIf(Task::isCancelled);
    return List.copyOf(pending);
  }

  /** Every delay ever scheduled, oldest first. */
  public synchronized List<Duration> scheduledDelays() {
    return List.copyOf(history);
  }

  /**
   * Runs the oldest pending task on the calling thread.
   *
   * @return the delay the task was scheduled with
   * @throws IllegalStateException when nothing is pending
   */
  public Duration runNext() {
    Task next;
    synchronized (this) {
      pending.removeIf(Task::isCancelled);
      if (pending.isEmpty()) {
        throw new IllegalStateException("nothing scheduled");
      }
      next = pending.remove(0);
    }
    next.run();
    return next.delay();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("fixed-rate scheduling is not supported");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("fixed-delay scheduling is not supported");
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
    List<Runnable> left = new ArrayList<>(pending);
    pending.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}
