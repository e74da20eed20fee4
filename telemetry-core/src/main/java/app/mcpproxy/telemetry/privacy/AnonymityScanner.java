package app.mcpproxy.telemetry.privacy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a serialized payload before it leaves the machine (and again when a collector receives
 * it), so no path, host name, user name or token can slip out.
 *
 * <p>The rules, applied to the UTF-8 JSON bytes after each string's escapes ({@code \/}, {@code
 * \\}, <code>&#92;uXXXX</code> including surrogate pairs) are decoded; every key and every string
 * value is checked, except a string that is exactly a word of the payload's own vocabulary (its
 * field names and fixed sub-keys, enum wire names, buckets, protocols, OAuth provider types,
 * routing modes, Go os and arch names, known MCP clients), which is public by construction. When
 * several rules are broken, the first in this list is reported:
 *
 * <ol>
 *   <li>{@code blocked_prefix}: a string holds one of {@link #blockedPrefixes()}, ignoring ASCII
 *       case (the Windows profile prefix on any drive letter), where a path can start: at the
 *       string's start or right after white space or one of {@code = : " ' ` ( [ < > , ; |}; a
 *       route segment such as {@code /api/v1/users/{id}} is no home directory. When the payload is
 *       not valid JSON the prefixes are searched for in the whole input, with every escape sequence
 *       decoded wherever it stands.
 *   <li>{@code secret}: a string has the shape of a secret or a personal identifier: a provider
 *       token by its prefix (GitHub, GitLab, OpenAI, Anthropic, AWS, Google, Slack, Stripe, Hugging
 *       Face, npm, Shopify, Twilio, SendGrid and more), a Discord token, a JWT, a PEM header, an
 *       e-mail, IPv4, IPv6 or MAC address, a URL, a UNC, drive-letter or home path ({@code ~/},
 *       {@code $HOME}, {@code %USERPROFILE%}…), nine or more digits in a row, or a long run of
 *       random-looking letters and digits. The pattern names the kind, such as {@code
 *       github_token}. A UUID or a timestamp of the shape {@code 2026-11-24T15:31:48Z}, as the
 *       heartbeat generates them, is not checked for these shapes.
 *   <li>{@code blocked_value}: a string, key or value, holds one of the {@link BlockedValues} at
 *       token boundaries (the characters around the match are not letters or digits, or are the
 *       string's ends), ignoring case. A value shorter than three characters, or one that is a
 *       common word of software such as {@code dev}, {@code admin} or {@code claude}, counts only
 *       when it is the whole string. In a UUID or a timestamp only a whole match counts.
 *   <li>{@code malformed_payload}: not strict RFC 8259 JSON in valid UTF-8 (no comments, no
 *       trailing commas or data, no {@code NaN}, no lone surrogate escapes), the top-level value is
 *       not an object, an object has a duplicated key (compared after decoding), or nesting is
 *       deeper than 128 levels. When the payload is malformed, secret shapes and blocked values
 *       count only in the strings before the error.
 *   <li>{@code env_markers_non_bool}: a top-level {@code env_markers} is not an object of exactly
 *       {@code has_ci_env}, {@code has_cloud_ide_env}, {@code is_container}, {@code has_tty} and
 *       {@code has_display}, each {@code true} or {@code false}.
 * </ol>
 *
 * <p>Within one rule, the first string in document order is reported.
 *
 * <p>A violation names the rule and a redacted pattern only; the scanner never logs. Instances are
 * immutable and thread-safe; one scan makes one pass over the bytes (plus a pass over each string
 * that is not a vocabulary word, for its shapes). Its scratch state (key stack, Bloom filters,
 * decode buffers) lives in a {@link ThreadLocal} and is reused by the next scan on the same thread,
 * so a clean scan allocates nothing; scratch that a very large payload made grow is dropped
 * afterwards, and neither a reference to a payload nor decoded text of it is kept.
 *
 * <pre>{@code
 * AnonymityScanner scanner = new AnonymityScanner(blockedValues);
 * Optional<AnonymityViolation> violation = scanner.scan(payloadBytes);
 * if (violation.isPresent()) {
 *   // skip this heartbeat, count the violation, log violation.get().message()
 * }
 * }</pre>
 */
public final class AnonymityScanner {

  private final BlockedValues blockedValues;
  private final BlockedValueMatcher matcher;

  /**
   * Creates a scanner for the given blocked values.
   *
   * @param blockedValues the values of this machine to block; {@link BlockedValues#none()} for
   *     prefixes and structure only
   * @throws NullPointerException when {@code blockedValues} is {@code null}
   */
  public AnonymityScanner(BlockedValues blockedValues) {
    this.blockedValues = Objects.requireNonNull(blockedValues, "blockedValues");
    this.matcher = new BlockedValueMatcher(blockedValues);
  }

  /**
   * Returns the path prefixes no string may contain, in the form violations report them.
   *
   * @return {@code /Users/}, {@code /home/}, {@code /root/}, {@code /var/folders/} and {@code
   *     C:\Users\} (which stands for every drive letter)
   */
  public static List<String> blockedPrefixes() {
    return PathPrefixes.PREFIXES;
  }

  /**
   * Returns the values this scanner blocks.
   *
   * @return the blocked values given at construction
   */
  public BlockedValues blockedValues() {
    return blockedValues;
  }

  /**
   * Scans a serialized payload.
   *
   * @param utf8Json the payload as UTF-8 JSON bytes; not modified
   * @return the violation of the highest-ranked rule, or empty when the payload may be sent
   * @throws NullPointerException when {@code utf8Json} is {@code null}
   */
  public Optional<AnonymityViolation> scan(byte[] utf8Json) {
    Objects.requireNonNull(utf8Json, "utf8Json");
    return Optional.ofNullable(PayloadScan.scan(utf8Json, matcher));
  }

  /**
   * Scans a serialized payload and throws when it must not be sent.
   *
   * @param utf8Json the payload as UTF-8 JSON bytes; not modified
   * @throws AnonymityViolationException when the payload breaks a rule
   * @throws NullPointerException when {@code utf8Json} is {@code null}
   */
  public void check(byte[] utf8Json) throws AnonymityViolationException {
    Optional<AnonymityViolation> violation = scan(utf8Json);
    if (violation.isPresent()) {
      throw new AnonymityViolationException(violation.get());
    }
  }
}
