package app.mcpproxy.telemetry.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Pending counters kept in memory. */
final class InMemoryPendingCounters implements PendingCounters {
  private final AtomicReference<String> json = new AtomicReference<>();

  @Override
  public void save(String counters) {
    json.set(Objects.requireNonNull(counters, "json"));
  }

  @Override
  public Optional<String> take() {
    return Optional.ofNullable(json.getAndSet(null));
  }
}
