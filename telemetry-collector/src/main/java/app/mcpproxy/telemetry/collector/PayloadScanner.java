package app.mcpproxy.telemetry.collector;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The anonymity check a heartbeat must pass before it is stored. */
final class PayloadScanner {
  // Interim rule set until the core's AnonymityScanner is merged; replaced by a call to it.
  private static final List<String> PREFIXES =
      List.of("/Users/", "/home/", "/root/", "/var/folders/", "C:\\\\Users\\\\");

  /**
   * Scans the raw JSON of a heartbeat.
   *
   * @param json the bytes as received
   * @return the violated rule, or empty when the payload is clean
   */
  Optional<ScanViolation> scan(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    for (String prefix : PREFIXES) {
      if (text.contains(prefix)) {
        return Optional.of(
            new ScanViolation("blocked_prefix", "payload contains a blocked path prefix"));
      }
    }
    return Optional.empty();
  }

  /**
   * A violated anonymity rule.
   *
   * @param rule the rule's wire name, such as {@code blocked_prefix}
   * @param reason a human-readable summary that quotes nothing of the payload
   */
  record ScanViolation(String rule, String reason) {}
}
