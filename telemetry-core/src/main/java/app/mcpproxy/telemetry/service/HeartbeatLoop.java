package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.service.RetrySchedule.Outcome;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The heartbeat loop: one send at a time on the scheduler, each followed by the next at the delay
 * the {@link RetrySchedule} gives for its outcome. Nothing is scheduled once the service is closed.
 */
final class HeartbeatLoop {
  /** The name of the default scheduler's only thread. */
  static final String THREAD_NAME = "mcpproxy-telemetry-heartbeat";

  private final Supplier<SendResult> send;
  private final RetrySchedule retrySchedule;
  private final @Nullable ScheduledExecutorService givenScheduler;
  private final BooleanSupplier closed;
  private final Object lock = new Object();

  private @Nullable ScheduledExecutorService scheduler;
  private @Nullable ScheduledFuture<?> nextHeartbeat;
  private boolean started;
  private int consecutiveFailures;

  /**
   * Creates a loop that has not started.
   *
   * @param givenScheduler the host's scheduler, left running on {@link #stop()}; or {@code null}
   *     for a daemon thread of the loop's own, created when first needed
   */
  HeartbeatLoop(
      Supplier<SendResult> send,
      RetrySchedule retrySchedule,
      @Nullable ScheduledExecutorService givenScheduler,
      BooleanSupplier closed) {
    this.send = send;
    this.retrySchedule = retrySchedule;
    this.givenScheduler = givenScheduler;
    this.closed = closed;
  }

  /**
   * Marks the loop started.
   *
   * @return {@code false} when it was started before
   * @throws IllegalStateException when the service is closed
   */
  boolean markStarted() {
    synchronized (lock) {
      if (closed.getAsBoolean()) {
        throw new IllegalStateException("telemetry service is closed");
      }
      if (started) {
        return false;
      }
      started = true;
      return true;
    }
  }

  /** Schedules the next heartbeat, unless the service is closed. */
  void scheduleNext(Duration delay) {
    synchronized (lock) {
      if (closed.getAsBoolean()) {
        return;
      }
      nextHeartbeat =
          scheduler().schedule(this::heartbeat, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Cancels the next heartbeat, interrupting one in flight, and ends the loop's own thread. */
  void stop() {
    synchronized (lock) {
      if (nextHeartbeat != null) {
        nextHeartbeat.cancel(true);
      }
      if (scheduler != null && scheduler != givenScheduler) {
        scheduler.shutdownNow();
      }
    }
  }

  private void heartbeat() {
    SendResult result;
    try {
      result = send.get();
    } catch (RuntimeException e) {
      // A failing host callback must not end the loop. Only the class is logged: a host's message
      // may name a server or a URL.
      TelemetryService.LOG.log(
          Level.WARNING, "Telemetry heartbeat failed: {0}", e.getClass().getName());
      result = SendResult.notSent(SendResult.Status.FAILED, e.getClass().getSimpleName());
    }
    scheduleNext(nextDelay(result));
  }

  /** The wait after a send with this result; counts the failures in a row. */
  Duration nextDelay(SendResult result) {
    synchronized (lock) {
      switch (result.status()) {
        case ACCEPTED:
          consecutiveFailures = 0;
          return retrySchedule.nextDelay(Outcome.SUCCESS, 0, Optional.empty());
        case REJECTED:
        case FAILED:
          consecutiveFailures++;
          Optional<Duration> retryAfter =
              result.httpStatus() == 429 || result.httpStatus() == 503
                  ? result.retryAfter()
                  : Optional.empty();
          return retrySchedule.nextDelay(Outcome.FAILURE, consecutiveFailures, retryAfter);
        default:
          consecutiveFailures = 0;
          return retrySchedule.nextDelay(Outcome.SKIPPED, 0, Optional.empty());
      }
    }
  }

  private ScheduledExecutorService scheduler() {
    if (scheduler == null) {
      scheduler =
          givenScheduler != null
              ? givenScheduler
              : Executors.newSingleThreadScheduledExecutor(
                  task -> {
                    Thread thread = new Thread(task, THREAD_NAME);
                    thread.setDaemon(true);
                    return thread;
                  });
    }
    return scheduler;
  }
}
