package app.mcpproxy.telemetry.activation;

import app.mcpproxy.telemetry.model.ActivationState;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * An activation store that lives in memory; lock-free, every change is one compare-and-set.
 *
 * <p>Window updates read the clock inside the update function, so a retried update never applies a
 * time older than one another thread already applied. A {@code retrieve_tools} call while the
 * window is open only bumps an adder, folded into the state when it is read: the call a host makes
 * on every tool call allocates nothing.
 */
final class InMemoryActivationStore implements ActivationStore {
  private final Clock clock;
  private final AtomicReference<StoredActivation> state =
      new AtomicReference<>(StoredActivation.empty());
  private final LongAdder retrieveToolsCallsInWindow = new LongAdder();

  InMemoryActivationStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private StoredActivation current() {
    return Objects.requireNonNull(state.get(), "the state is never cleared to null");
  }

  @Override
  public ActivationState load() {
    foldRetrieveToolsCalls();
    return current().toState(clock.instant());
  }

  @Override
  public void save(ActivationState saved) {
    Objects.requireNonNull(saved, "state");
    foldRetrieveToolsCalls();
    Instant now = clock.instant();
    state.updateAndGet(current -> current.mergedWith(saved, now));
  }

  @Override
  public void clear() {
    retrieveToolsCallsInWindow.reset();
    state.updateAndGet(StoredActivation::cleared);
  }

  @Override
  public void markFirstConnectedServer() {
    state.updateAndGet(StoredActivation::withFirstConnectedServer);
  }

  @Override
  public void markFirstMcpClient() {
    state.updateAndGet(StoredActivation::withFirstMcpClient);
  }

  @Override
  public void markFirstRetrieveToolsCall() {
    state.updateAndGet(StoredActivation::withFirstRetrieveToolsCall);
  }

  @Override
  public void recordMcpClient(String name) {
    state.updateAndGet(current -> current.withMcpClient(name));
  }

  @Override
  public void incrementRetrieveToolsCall() {
    if (current().retrieveToolsWindowOpenAt(clock.millis())) {
      retrieveToolsCallsInWindow.increment();
      return;
    }
    foldRetrieveToolsCalls();
    state.updateAndGet(current -> current.withRetrieveToolsCall(clock.instant()));
  }

  private void foldRetrieveToolsCalls() {
    long calls = retrieveToolsCallsInWindow.sumThenReset();
    if (calls > 0) {
      state.updateAndGet(current -> current.withRetrieveToolsCallsInWindow(calls, clock.instant()));
    }
  }

  @Override
  public void addTokensSaved(long tokens) {
    if (tokens > 0) {
      state.updateAndGet(current -> current.withTokensSaved(clock.instant(), tokens));
    }
  }

  @Override
  public void setInstallerPending(boolean pending) {
    state.updateAndGet(current -> current.withInstallerPending(pending));
  }

  @Override
  public boolean isInstallerPending() {
    return current().installerFlag() == StoredActivation.InstallerFlag.PENDING;
  }

  @Override
  public boolean isInstallerFlagEverSet() {
    return current().installerFlag() != StoredActivation.InstallerFlag.NEVER_SET;
  }
}
