package app.mcpproxy.telemetry.mcp;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Passes each distinct client name to the activation store once, at no allocation for a name
 * already seen.
 *
 * <p>A session's client info is one object for the session's life, so most calls stop at an
 * identity check; the rest at a lookup of the name. The store keeps at most a handful of names, so
 * this remembers a bounded number too.
 */
final class ClientNamesSeen {
  static final int LIMIT = 64;

  private final ActivationEvents activation;
  private final ConcurrentHashMap<String, Boolean> names = new ConcurrentHashMap<>();
  private volatile @Nullable Object lastInfo;

  ClientNamesSeen(ActivationEvents activation) {
    this.activation = Objects.requireNonNull(activation, "activation");
  }

  /**
   * Records a session's client.
   *
   * @param info the object holding the client info, compared by identity; may be {@code null}
   * @param name the client's name from that object; may be {@code null}
   */
  void seen(@Nullable Object info, @Nullable String name) {
    if (info == null || info == lastInfo) {
      return;
    }
    lastInfo = info;
    if (name == null || names.containsKey(name) || names.size() >= LIMIT) {
      return;
    }
    if (names.putIfAbsent(name, Boolean.TRUE) == null) {
      activation.clientSeen(name);
    }
  }
}
