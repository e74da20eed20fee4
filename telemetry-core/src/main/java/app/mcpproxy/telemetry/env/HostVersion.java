package app.mcpproxy.telemetry.env;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Normalises the host's version string by Go's semantic-versioning rules ({@code
 * golang.org/x/mod/semver}), which also accept the short forms {@code vMAJOR} and {@code
 * vMAJOR.MINOR}.
 *
 * <pre>{@code
 * HostVersion.canonical("1.2.3-rc.1+build.7"); // Optional[v1.2.3-rc.1]
 * HostVersion.canonical("v1.2");               // Optional[v1.2.0]
 * HostVersion.canonical("dev");                // Optional.empty: not a release, sending stays off
 * }</pre>
 */
public final class HostVersion {
  /** A pre-release a heartbeat may carry: a fixed word, optionally followed by numbers. */
  private static final Pattern REPORTABLE_PRERELEASE =
      Pattern.compile("(?:alpha|beta|rc|dev|pre|snapshot|nightly)(?:[.-]?[0-9]{1,9}){0,3}");

  private HostVersion() {}

  /**
   * Returns the version as a heartbeat may carry it: the {@link #canonical} form whose pre-release,
   * if any, is one of {@code alpha}, {@code beta}, {@code rc}, {@code dev}, {@code pre}, {@code
   * snapshot} or {@code nightly} (in any case, sent in lower case), optionally followed by numbers
   * such as {@code -rc.1} or {@code -beta2}. Any other pre-release is cut off, so that {@code
   * 1.2.3-alice.example.com} is reported as {@code v1.2.3}.
   *
   * <pre>{@code
   * HostVersion.reportable("1.2.3-RC.1");        // Optional[v1.2.3-rc.1]
   * HostVersion.reportable("1.2.3-feature-x.7"); // Optional[v1.2.3]
   * }</pre>
   *
   * @param version the host's version, may be {@code null}
   * @return the reportable version, or empty when {@code version} is not a semantic version
   */
  public static Optional<String> reportable(String version) {
    return canonical(version).map(HostVersion::withReportablePrerelease);
  }

  /**
   * Tells whether a version is already in the form {@link #reportable} gives, as a version read
   * back from the config file must be before it is sent again.
   *
   * @param version the version, may be {@code null}
   * @return {@code true} when {@code reportable(version)} is {@code version} itself
   */
  public static boolean isReportable(String version) {
    return version != null && reportable(version).filter(version::equals).isPresent();
  }

  private static String withReportablePrerelease(String canonical) {
    int dash = canonical.indexOf('-');
    if (dash < 0) {
      return canonical;
    }
    String prerelease = canonical.substring(dash + 1).toLowerCase(Locale.ROOT);
    String core = canonical.substring(0, dash);
    return REPORTABLE_PRERELEASE.matcher(prerelease).matches() ? core + "-" + prerelease : core;
  }

  /**
   * Returns the canonical form {@code vMAJOR.MINOR.PATCH[-PRERELEASE]} of a version. A leading
   * {@code v} is added when missing; missing minor and patch numbers become {@code 0}; build
   * metadata ({@code +…}) is dropped. Numbers with leading zeros, empty or non-alphanumeric
   * pre-release identifiers, numeric pre-release identifiers with leading zeros and a fourth number
   * make a version invalid.
   *
   * @param version the host's version, may be {@code null}
   * @return the canonical version, or empty when {@code version} is {@code null}, empty or not a
   *     semantic version
   */
  public static Optional<String> canonical(String version) {
    if (version == null || version.isEmpty()) {
      return Optional.empty();
    }
    String v = version.charAt(0) == 'v' ? version : "v" + version;
    return new Parser(v).canonical();
  }

  /** A cursor over one version string; each step consumes a part or fails. */
  private static final class Parser {
    private final String text;
    private int pos = 1;

    Parser(String text) {
      this.text = text;
    }

    Optional<String> canonical() {
      String major = number();
      if (major == null) {
        return Optional.empty();
      }
      if (atEnd()) {
        return Optional.of("v" + major + ".0.0");
      }
      if (!consume('.')) {
        return Optional.empty();
      }
      String minor = number();
      if (minor == null) {
        return Optional.empty();
      }
      if (atEnd()) {
        return Optional.of("v" + major + "." + minor + ".0");
      }
      if (!consume('.')) {
        return Optional.empty();
      }
      String patch = number();
      if (patch == null) {
        return Optional.empty();
      }
      String prerelease = "";
      if (consume('-')) {
        int start = pos - 1;
        if (!identifiers(true)) {
          return Optional.empty();
        }
        prerelease = text.substring(start, pos);
      }
      if (consume('+') && !identifiers(false)) {
        return Optional.empty();
      }
      if (!atEnd()) {
        return Optional.empty();
      }
      return Optional.of("v" + major + "." + minor + "." + patch + prerelease);
    }

    /** Consumes a decimal number without leading zeros; returns {@code null} when there is none. */
    private @Nullable String number() {
      int start = pos;
      while (!atEnd() && isDigit(text.charAt(pos))) {
        pos++;
      }
      int length = pos - start;
      if (length == 0 || (length > 1 && text.charAt(start) == '0')) {
        return null;
      }
      return text.substring(start, pos);
    }

    /** Consumes dot-separated identifiers up to a {@code +} or the end. */
    private boolean identifiers(boolean prerelease) {
      while (true) {
        int start = pos;
        boolean numeric = true;
        while (!atEnd() && isIdentifierChar(text.charAt(pos))) {
          numeric &= isDigit(text.charAt(pos));
          pos++;
        }
        int length = pos - start;
        if (length == 0) {
          return false;
        }
        if (prerelease && numeric && length > 1 && text.charAt(start) == '0') {
          return false;
        }
        if (!consume('.')) {
          return atEnd() || (prerelease && text.charAt(pos) == '+');
        }
      }
    }

    private boolean consume(char expected) {
      if (!atEnd() && text.charAt(pos) == expected) {
        pos++;
        return true;
      }
      return false;
    }

    private boolean atEnd() {
      return pos == text.length();
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierChar(char c) {
      return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    }
  }
}
