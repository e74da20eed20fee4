package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.activation.ActivationStore;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Writes activation events into the host's store, asking for the store on first use.
 *
 * <p>A first-ever flag is set once per process; the store keeps it for good. When the store cannot
 * be had or fails, the event is dropped and the failure logged once by class, never thrown.
 */
final class ActivationEvents {
  private static final System.Logger LOG = System.getLogger(ActivationEvents.class.getName());

  private final Supplier<ActivationStore> source;
  private final AtomicBoolean firstClient = new AtomicBoolean();
  private final AtomicBoolean firstRetrieveTools = new AtomicBoolean();
  private final AtomicBoolean firstConnectedServer = new AtomicBoolean();
  private final AtomicBoolean failureLogged = new AtomicBoolean();
  private volatile @Nullable ActivationStore store;
  private volatile boolean unavailable;

  ActivationEvents(Supplier<ActivationStore> source) {
    this.source = Objects.requireNonNull(source, "activation store");
  }

  void clientSeen(String name) {
    ActivationStore target = store();
    if (target == null) {
      return;
    }
    try {
      target.recordMcpClient(name);
      if (firstClient.compareAndSet(false, true)) {
        target.markFirstMcpClient();
      }
    } catch (RuntimeException e) {
      logOnce(e);
    }
  }

  void retrieveToolsCalled() {
    ActivationStore target = store();
    if (target == null) {
      return;
    }
    try {
      target.incrementRetrieveToolsCall();
      if (firstRetrieveTools.compareAndSet(false, true)) {
        target.markFirstRetrieveToolsCall();
      }
    } catch (RuntimeException e) {
      logOnce(e);
    }
  }

  void serverConnected() {
    if (firstConnectedServer.get()) {
      return;
    }
    ActivationStore target = store();
    if (target == null) {
      return;
    }
    try {
      if (firstConnectedServer.compareAndSet(false, true)) {
        target.markFirstConnectedServer();
      }
    } catch (RuntimeException e) {
      logOnce(e);
    }
  }

  private @Nullable ActivationStore store() {
    ActivationStore known = store;
    if (known != null || unavailable) {
      return known;
    }
    try {
      known = source.get();
      if (known == null) {
        unavailable = true;
      }
      store = known;
      return known;
    } catch (RuntimeException e) {
      // Asking again on every call would retry opening a database on the host's request path.
      unavailable = true;
      logOnce(e);
      return null;
    }
  }

  private void logOnce(RuntimeException e) {
    if (failureLogged.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "MCP telemetry could not record an activation event: {0}",
          e.getClass().getName());
    }
  }
}
