package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.activation.StoredActivation;
import app.mcpproxy.telemetry.activation.TumblingWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays the changes one process made to the activation state onto another version of it, so that
 * processes sharing a database add their counts instead of overwriting each other's.
 */
final class ActivationChanges {
  private ActivationChanges() {}

  /**
   * Applies what changed from {@code from} to {@code to} onto {@code onto}: flags are or-ed, new
   * client names appended, window increments added, and a changed installer flag taken.
   */
  static StoredActivation apply(
      StoredActivation from, StoredActivation to, StoredActivation onto, Instant now) {
    if (from.equals(to)) {
      return onto;
    }
    List<String> clients = new ArrayList<>(onto.mcpClientsSeenEver());
    for (String name : to.mcpClientsSeenEver()) {
      if (!from.mcpClientsSeenEver().contains(name) && !clients.contains(name)) {
        clients.add(name);
      }
    }
    return new StoredActivation(
        onto.firstConnectedServerEver() || to.firstConnectedServerEver(),
        onto.firstMcpClientEver() || to.firstMcpClientEver(),
        onto.firstRetrieveToolsCallEver() || to.firstRetrieveToolsCallEver(),
        StoredActivation.sanitizedClients(clients),
        window(from.retrieveToolsCalls(), to.retrieveToolsCalls(), onto.retrieveToolsCalls(), now),
        window(from.tokensSaved(), to.tokensSaved(), onto.tokensSaved(), now),
        to.installerFlag() != from.installerFlag() ? to.installerFlag() : onto.installerFlag());
  }

  /**
   * Adds the increments from {@code from} to {@code to} into {@code onto}'s window while it is
   * open, else into a window that starts where {@code to}'s started.
   */
  static TumblingWindow window(
      TumblingWindow from, TumblingWindow to, TumblingWindow onto, Instant now) {
    if (to.equals(from) || to.start() == null) {
      return onto;
    }
    long added = Objects.equals(from.start(), to.start()) ? to.count() - from.count() : to.count();
    if (added <= 0) {
      return onto;
    }
    if (onto.isOpenAt(now) || Objects.equals(onto.start(), to.start())) {
      long sum = onto.count() + added;
      return new TumblingWindow(onto.start(), sum < 0 ? Long.MAX_VALUE : sum);
    }
    return new TumblingWindow(to.start(), added);
  }
}
