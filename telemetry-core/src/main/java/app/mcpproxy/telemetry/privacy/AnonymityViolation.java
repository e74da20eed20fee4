package app.mcpproxy.telemetry.privacy;

import app.mcpproxy.telemetry.model.WireValue;
import java.io.Serializable;
import java.util.Objects;

/**
 * The rule a payload broke, with a pattern and reason that are safe to log: neither ever holds
 * payload content or a secret.
 *
 * @param rule the rule that matched first
 * @param pattern what matched, in redacted form: a blocked prefix such as {@code /home/}, the kind
 *     of a secret shape such as {@code github_token} or {@code email}, the source of a blocked
 *     value such as {@code hostname} or {@code GITHUB_TOKEN}, a short code for a structural problem
 *     such as {@code duplicate_key}, or the offending {@code env_markers} key
 * @param reason a human-readable explanation without payload content
 */
public record AnonymityViolation(Rule rule, String pattern, String reason) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The scanner's rules, in the order they take precedence. */
  public enum Rule implements WireValue {
    /** A string holds a home-directory or temporary-folder path prefix. */
    BLOCKED_PREFIX("blocked_prefix"),
    /**
     * A string, key or value, has the shape of a secret or a personal identifier: a provider token,
     * a JWT, a PEM block, an e-mail, IP or MAC address, a URL, a UNC, drive-letter or home path, a
     * long digit run or a high-entropy run.
     */
    SECRET("secret"),
    /** A string holds the host name, the user's directory name or a secret token's value. */
    BLOCKED_VALUE("blocked_value"),
    /** The bytes are not a strict JSON object without duplicate keys. */
    MALFORMED_PAYLOAD("malformed_payload"),
    /** {@code env_markers} is not an object of exactly the five boolean markers. */
    ENV_MARKERS_NON_BOOL("env_markers_non_bool");

    private final String wireName;

    Rule(String wireName) {
      this.wireName = wireName;
    }

    /**
     * Returns the rule's stable identifier, suitable for logs and metric labels.
     *
     * @return the identifier, such as {@code blocked_prefix}
     */
    @Override
    public String wireName() {
      return wireName;
    }
  }

  /** Rejects {@code null} components. */
  public AnonymityViolation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Describes the violation in one line, for logs.
   *
   * @return rule, pattern and reason, such as {@code blocked_prefix (/home/): ...}
   */
  public String message() {
    return rule.wireName() + " (" + pattern + "): " + reason;
  }
}
