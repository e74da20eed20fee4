package app.mcpproxy.telemetry.env;

import java.util.Objects;
import java.util.function.Supplier;

/** Computes a value on first use, at most once even when first used by many threads at once. */
final class Once<T> implements Supplier<T> {
  private final Object lock = new Object();
  private Supplier<? extends T> computation;
  private volatile T value;

  Once(Supplier<? extends T> computation) {
    this.computation = Objects.requireNonNull(computation, "computation");
  }

  @Override
  public T get() {
    T result = value;
    if (result != null) {
      return result;
    }
    synchronized (lock) {
      if (value == null) {
        value = Objects.requireNonNull(computation.get(), "computed value");
        computation = null; // let whatever the computation captured be collected
      }
      return value;
    }
  }
}
