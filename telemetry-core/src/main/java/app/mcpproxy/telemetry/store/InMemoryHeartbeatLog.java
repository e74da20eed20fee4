package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** A heartbeat log kept in memory. */
final class InMemoryHeartbeatLog implements HeartbeatLog {
  private final ArrayDeque<SentHeartbeat> newestFirst = new ArrayDeque<>();

  @Override
  public synchronized void append(SentHeartbeat heartbeat) {
    Objects.requireNonNull(heartbeat, "heartbeat");
    newestFirst.addFirst(heartbeat);
    while (newestFirst.size() > CAPACITY) {
      newestFirst.removeLast();
    }
  }

  @Override
  public synchronized List<SentHeartbeat> recent(int limit) {
    Limits.requireNotNegative(limit);
    List<SentHeartbeat> entries = new ArrayList<>(Math.min(limit, newestFirst.size()));
    Iterator<SentHeartbeat> it = newestFirst.iterator();
    while (entries.size() < limit && it.hasNext()) {
      entries.add(it.next());
    }
    return List.copyOf(entries);
  }

  @Override
  public synchronized void clear() {
    newestFirst.clear();
  }
}
