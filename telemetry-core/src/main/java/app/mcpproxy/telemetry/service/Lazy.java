package app.mcpproxy.telemetry.service;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Creates a value on first use, at most once however many threads ask; a creation that throws is
 * tried again by the next caller.
 */
final class Lazy<T> implements Supplier<T> {
  private final Object lock = new Object();
  private Supplier<? extends T> creation;
  private volatile T value;

  Lazy(Supplier<? extends T> creation) {
    this.creation = Objects.requireNonNull(creation, "creation");
  }

  @Override
  public T get() {
    T result = value;
    if (result != null) {
      return result;
    }
    synchronized (lock) {
      if (value == null) {
        value = Objects.requireNonNull(creation.get(), "created value");
        creation = null; // let whatever the creation captured be collected
      }
      return value;
    }
  }
}
