package app.mcpproxy.telemetry.fault;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.RecordingServer.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a collector that honours {@code Idempotency-Key} holds: each key's counts once. Checks on
 * the way that a retry under a key carries the very counts of its first send.
 */
final class Delivered {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Delivered() {}

  /** Sums the MCP surface requests of the heartbeats answered, one per idempotency key. */
  static long mcp(List<Recorded> requests, Set<Integer> unanswered) {
    Map<String, Long> byKey = new LinkedHashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      Recorded request = requests.get(i);
      if (!request.path().endsWith("/heartbeat")) {
        continue;
      }
      String key = request.header("Idempotency-Key");
      assertThat(key).as("request %d carries an idempotency key", i).isNotBlank();
      long count = mcpOf(request);
      Long earlier = byKey.get(key);
      if (earlier != null) {
        assertThat(count)
            .as("a retry under key %s carries the same counts", key)
            .isEqualTo(earlier);
      }
      if (!unanswered.contains(i)) {
        byKey.putIfAbsent(key, count);
      }
    }
    return byKey.values().stream().mapToLong(Long::longValue).sum();
  }

  static long mcpOf(Recorded request) {
    try {
      JsonNode body = JSON.readTree(request.body());
      return body.path("surface_requests").path("mcp").asLong(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
