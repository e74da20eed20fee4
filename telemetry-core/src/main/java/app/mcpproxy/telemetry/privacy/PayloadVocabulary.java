package app.mcpproxy.telemetry.privacy;

import app.mcpproxy.telemetry.activation.McpClients;
import app.mcpproxy.telemetry.env.Platform;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.model.WireNames;
import app.mcpproxy.telemetry.model.WireValue;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fixed words a heartbeat is made of: its own field names and fixed sub-keys, and the words of
 * its closed vocabularies. A string, key or value, that is exactly one of these words is public by
 * construction, so the scanner neither checks it for secret shapes nor counts it as a blocked
 * value: a host called {@code server} must not block every heartbeat of the server edition.
 *
 * <p>{@link #isWord(byte[], int, int)} answers for raw string bytes with one probe of a hash table
 * keyed by the same cheap signature the tokenizer computes for keys. Each word also has an index,
 * below {@link #size()}, by which the scanner tracks the words it saw.
 *
 * <p>Every word is printable ASCII without a quote, backslash or slash, so a string that is a word
 * needs no decoding and can hold no path prefix.
 */
final class PayloadVocabulary {

  /** The fixed keys of the REST counters: the route of undeclared templates, the status classes. */
  private static final List<String> REST_KEYS = List.of("UNMATCHED", "2xx", "3xx", "4xx", "5xx");

  private static final List<String> BUCKETS =
      List.of(
          "0",
          "1-10",
          "11-100",
          "101-1000",
          "1000+",
          "1_100",
          "100_1k",
          "1k_10k",
          "10k_100k",
          "100k_plus");
  private static final List<String> PROTOCOLS =
      List.of("stdio", "http", "sse", "streamable_http", "auto");
  private static final List<String> OAUTH_PROVIDERS =
      List.of("google", "github", "microsoft", "generic");
  private static final List<String> ROUTING_MODES =
      List.of("retrieve_tools", "direct", "code_execution");

  private static final Set<String> WORDS = collect();

  private PayloadVocabulary() {}

  private static Set<String> collect() {
    Set<String> words = new HashSet<>();
    Stream.<WireValue[]>of(
            Surface.values(),
            BuiltinTool.values(),
            ErrorCategory.values(),
            EnvKind.values(),
            LaunchSource.values(),
            EnvDisabledReason.values(),
            Edition.values(),
            StartupOutcome.values())
        .flatMap(Stream::of)
        .forEach(value -> words.add(value.wireName()));
    Stream.of(
            BUCKETS,
            PROTOCOLS,
            OAUTH_PROVIDERS,
            ROUTING_MODES,
            Platform.operatingSystems(),
            Platform.architectures(),
            fieldNames(),
            REST_KEYS,
            McpClients.knownNames(),
            List.of(McpClients.OTHER))
        .forEach(words::addAll);
    for (String word : words) {
      if (!word.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '/')) {
        throw new IllegalStateException("not a plain vocabulary word: " + word);
      }
    }
    return Set.copyOf(words);
  }

  /** The payload's field names at every level: every name {@link WireNames} holds. */
  private static List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    for (Field field : WireNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("a wire name cannot be read: " + field.getName(), e);
        }
      }
    }
    return names;
  }

  private static final WordTable TABLE = new WordTable(WORDS);

  /** Tells whether a decoded string is exactly a vocabulary word (case-sensitive). */
  static boolean contains(String value) {
    return WORDS.contains(value);
  }

  /** Tells whether raw string bytes {@code in[from, to)} are exactly a vocabulary word. */
  static boolean isWord(byte[] in, int from, int to) {
    return TABLE.contains(in, from, to - from);
  }

  /** The number of words; every word index is below it. */
  static int size() {
    return TABLE.size();
  }

  /** The index of the word {@code in[from, to)}, raw string bytes, or -1 when it is none. */
  static int indexOf(byte[] in, int from, int to) {
    return TABLE.indexOf(in, from, to - from);
  }

  /** The index of a word, or -1 when it is none. */
  static int indexOf(String word) {
    return TABLE.indexOf(word);
  }

  /**
   * The index of the word in raw string bytes, or -1 when they are none, given their {@link
   * ObjectKeys#signature} and their first and last eight bytes as the tokenizer reads them.
   */
  static int indexOf(int signature, long first, long last, byte[] in, int from, int length) {
    return TABLE.indexOf(signature, first, last, in, from, length);
  }

  /**
   * Tells whether the given word and a closing quote start at {@code from}: returns the index after
   * the quote, or -1 when they do not or when too few bytes are left to tell cheaply.
   */
  static int quotedEnd(int word, byte[] in, int from) {
    return TABLE.quotedEnd(word, in, from);
  }

  static Set<String> words() {
    return WORDS;
  }
}
