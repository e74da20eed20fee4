package app.mcpproxy.telemetry.privacy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Literal values of this machine that must never appear in a payload's string values: its host
 * name, the user's home directory name and the values of well-known token variables.
 *
 * <p>Values are stripped of surrounding white space, blank ones are ignored, and the rest are kept
 * case-folded and deduplicated. The scanner matches a value shorter than three characters, or one
 * that is a common word of software such as {@code dev} or {@code admin}, only as a whole string:
 * inside longer text it would match too much. The scanner matches every kind of value ignoring
 * case: host names and user names are case-insensitive on the systems that report them, and for a
 * token a match that differs only in case is still a leak, while a false match of a long random
 * token is practically impossible. Each value remembers its source ({@code hostname}, {@code
 * home_dir_basename}, the variable's name), which is what a violation reports instead of the value.
 *
 * <pre>{@code
 * ProcessEnvironment process = ProcessEnvironment.system();
 * BlockedValues blocked =
 *     BlockedValues.fromProcess(process.hostname(), process.homeDirectory(), process.env());
 * AnonymityScanner scanner = new AnonymityScanner(blocked);
 * }</pre>
 */
public final class BlockedValues {

  private static final List<String> TOKEN_VARIABLES =
      List.of(
          "GITHUB_TOKEN", "GITLAB_TOKEN", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_API_KEY");

  private static final BlockedValues NONE = new BlockedValues(new LinkedHashMap<>());

  /** A case-folded value and the redacted name of its source. */
  record Entry(String value, String source) {
    @Override
    public String toString() {
      return "Entry[source=" + source + "]";
    }
  }

  private final List<Entry> entries;
  private final Set<String> values;

  @SuppressWarnings("NonApiType") // the order of insertion is the order of the entries
  private BlockedValues(LinkedHashMap<String, String> sourceByValue) {
    List<Entry> list = new ArrayList<>(sourceByValue.size());
    sourceByValue.forEach((value, source) -> list.add(new Entry(value, source)));
    this.entries = List.copyOf(list);
    this.values = Collections.unmodifiableSet(new LinkedHashSet<>(sourceByValue.keySet()));
  }

  /**
   * Blocks the given values; each is reported by its position as {@code value_1}, {@code value_2}
   * and so on.
   *
   * @param values the literal values; blank ones are ignored
   * @return the blocked values
   * @throws NullPointerException when {@code values} or one of its elements is {@code null}
   */
  public static BlockedValues of(Collection<String> values) {
    Objects.requireNonNull(values, "values");
    LinkedHashMap<String, String> kept = new LinkedHashMap<>();
    int position = 0;
    for (String value : values) {
      position++;
      Objects.requireNonNull(value, "blocked value at position " + position + " is null");
      add(kept, value, "value_" + position);
    }
    return new BlockedValues(kept);
  }

  /**
   * Blocks nothing; the scanner then checks prefixes and structure only.
   *
   * @return the empty set of blocked values
   */
  public static BlockedValues none() {
    return NONE;
  }

  /**
   * Collects the blocked values of a process: the host name and, when it has a domain, its first
   * label; the last element of the home directory; and the values of {@code GITHUB_TOKEN}, {@code
   * GITLAB_TOKEN}, {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY} and {@code GOOGLE_API_KEY}.
   *
   * @param hostname the host name, empty when unknown
   * @param home the user's home directory, empty when unknown
   * @param env the process environment
   * @return the blocked values
   * @throws NullPointerException when an argument is {@code null}
   */
  public static BlockedValues fromProcess(
      Optional<String> hostname, Optional<Path> home, Map<String, String> env) {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(env, "env");
    LinkedHashMap<String, String> kept = new LinkedHashMap<>();
    hostname.ifPresent(
        name -> {
          String host = name.strip();
          add(kept, host, "hostname");
          int dot = host.indexOf('.');
          if (dot > 0) {
            add(kept, host.substring(0, dot), "hostname");
          }
        });
    home.map(Path::getFileName)
        .map(Path::toString)
        .ifPresent(base -> add(kept, base, "home_dir_basename"));
    for (String variable : TOKEN_VARIABLES) {
      String value = env.get(variable);
      if (value != null) {
        add(kept, value, variable);
      }
    }
    return new BlockedValues(kept);
  }

  /**
   * Returns the names of the environment variables whose values are blocked.
   *
   * @return {@code GITHUB_TOKEN}, {@code GITLAB_TOKEN}, {@code OPENAI_API_KEY}, {@code
   *     ANTHROPIC_API_KEY}, {@code GOOGLE_API_KEY}
   */
  public static List<String> tokenVariables() {
    return TOKEN_VARIABLES;
  }

  private static void add(Map<String, String> kept, String raw, String source) {
    String value = raw.strip();
    if (!value.isEmpty()) {
      kept.putIfAbsent(CaseFolding.fold(value), source);
    }
  }

  /**
   * Returns the blocked values, case-folded (lower-cased), in the order they were collected.
   *
   * @return an unmodifiable set; it holds secrets, so never log it
   */
  public Set<String> values() {
    return values;
  }

  /**
   * Tells whether nothing is blocked.
   *
   * @return {@code true} when there are no values
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  List<Entry> entries() {
    return entries;
  }

  /** Names the sources only, never the values. */
  @Override
  public String toString() {
    List<String> sources = new ArrayList<>(entries.size());
    entries.forEach(entry -> sources.add(entry.source()));
    return "BlockedValues" + sources;
  }
}
