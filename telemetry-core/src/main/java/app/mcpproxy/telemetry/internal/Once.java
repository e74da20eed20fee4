package app.mcpproxy.telemetry.internal;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Computes a value on first use, at most once even when first used by many threads at once; a
 * computation that throws is tried again by the next caller.
 *
 * @param <T> the type of the value
 */
public final class Once<T> implements Supplier<T> {
  private final Object lock = new Object();
  private @Nullable Supplier<? extends T> computation;
  private volatile @Nullable T value;

  /**
   * Wraps a computation.
   *
   * @param computation what computes the value; must not return {@code null}
   */
  public Once(Supplier<? extends T> computation) {
    this.computation = Objects.requireNonNull(computation, "computation");
  }

  @Override
  public T get() {
    T result = value;
    if (result != null) {
      return result;
    }
    synchronized (lock) {
      result = value;
      if (result == null) {
        // The computation is dropped only once the value is set, so it is here while the value is
        // not.
        Supplier<? extends T> pending = Objects.requireNonNull(computation, "computation");
        result = Objects.requireNonNull(pending.get(), "computed value");
        value = result;
        computation = null; // let whatever the computation captured be collected
      }
      return result;
    }
  }
}
