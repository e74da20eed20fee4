package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.privacy.AnonymityViolation.Rule;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A slow, independent implementation of the scanner's rules on top of Jackson, to compare with the
 * real one: Jackson decides what is valid JSON and decodes the strings; regular expressions find
 * prefixes, secret shapes and blocked values. Only data is shared with the scanner: the vocabulary,
 * the common words, the provider prefixes and the names and ranks of the secret kinds.
 */
final class ReferenceScanner {

  /** What the reference expects; the pattern is {@code null} for malformed payloads. */
  record Outcome(Rule rule, String pattern) {
    static Outcome of(AnonymityViolation violation) {
      return new Outcome(
          violation.rule(),
          violation.rule() == Rule.MALFORMED_PAYLOAD ? null : violation.pattern());
    }
  }

  private static final Pattern PREFIX =
      Pattern.compile(
          "(?:^|(?<=[ \\t\\n\\r=:\"'`(\\[<>,;|]))"
              + "(?:(/users/)|(/home/)|(/root/)|(/var/folders/)|([a-z]:\\\\users\\\\))",
          Pattern.CASE_INSENSITIVE);

  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";

  /** Secret shapes by kind, each tried on the whole string; the lowest rank found is reported. */
  private static final Map<String, List<Pattern>> SHAPES = shapes();

  private static final Pattern IPV6_CANDIDATE =
      Pattern.compile("(?<![0-9A-Za-z:.])[0-9A-Fa-f:]+(?![0-9A-Za-z:])");
  private static final Pattern ALNUM_RUN =
      Pattern.compile("(?<![A-Za-z0-9])[A-Za-z0-9]{20,}(?![A-Za-z0-9])");
  private static final Pattern BASE64_RUN =
      Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{30,}(?![A-Za-z0-9+/_-])");

  /** Values of the shapes the heartbeat generates: only a whole blocked value counts in them. */
  private static final Pattern GENERATED =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
              + "|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

  private static final Pattern ESCAPE = Pattern.compile("\\\\(u[0-9a-fA-F]{4}|[\\\\/\"])");
  private static final List<String> MARKERS =
      List.of("has_ci_env", "has_cloud_ide_env", "is_container", "has_tty", "has_display");

  private final JsonFactory factory =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build())
          .build();
  private final ObjectMapper mapper = new ObjectMapper(factory);
  private final List<Pattern> valuePatterns = new ArrayList<>();
  private final List<String> wholeValues = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final Set<String> vocabulary;

  ReferenceScanner(Map<String, String> sourceByValue, Set<String> vocabulary) {
    sourceByValue.forEach(
        (value, source) -> {
          boolean wholeOnly =
              value.codePointCount(0, value.length()) < 3
                  || CommonWords.contains(value.toLowerCase(Locale.ROOT));
          valuePatterns.add(
              wholeOnly
                  ? null
                  : Pattern.compile(
                      "(?<![\\p{L}\\p{Nd}])" + Pattern.quote(value) + "(?![\\p{L}\\p{Nd}])",
                      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
          wholeValues.add(value);
          sources.add(source);
        });
    this.vocabulary = vocabulary;
  }

  private static Map<String, List<Pattern>> shapes() {
    Map<String, List<Pattern>> shapes = new LinkedHashMap<>();
    add(shapes, "pem_block", "-----BEGIN");
    add(shapes, "jwt", "(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{17,}\\.[A-Za-z0-9_-]{10,}");
    for (SecretShapes.Provider provider : SecretShapes.PROVIDERS) {
      String body;
      switch (provider.alphabet()) {
        case SecretShapes.BODY_ALNUM:
          body = "[A-Za-z0-9]";
          break;
        case SecretShapes.BODY_TOKEN:
          body = "[A-Za-z0-9_-]";
          break;
        case SecretShapes.BODY_HEX:
          body = "[0-9A-Fa-f]";
          break;
        case SecretShapes.BODY_UPPER_ALNUM:
          body = "[A-Z0-9]";
          break;
        default:
          body = "[A-Za-z0-9+/_-]";
          break;
      }
      add(
          shapes,
          provider.kind(),
          "(?<![A-Za-z0-9])"
              + Pattern.quote(provider.prefix())
              + body
              + "{"
              + provider.minBody()
              + ",}");
    }
    add(
        shapes,
        "discord_token",
        "(?<![A-Za-z0-9])[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,}");
    add(shapes, "email", "[A-Za-z0-9._%+-]@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2}");
    add(shapes, "url", "[A-Za-z]://");
    add(shapes, "unc_path", "\\\\\\\\[A-Za-z0-9.?]");
    add(shapes, "drive_path", "(?<![A-Za-z0-9])[A-Za-z]:[\\\\/]");
    add(shapes, "home_path", "~[A-Za-z0-9_.-]*[/\\\\]");
    add(shapes, "home_path", "(?i)\\$(?:env:|\\{?(?:home|user|logname|tmpdir))");
    add(
        shapes,
        "home_path",
        "(?i)%(?:userprofile|homepath|homedrive|homeshare|appdata|localappdata|username|temp|tmp)%");
    add(shapes, "ipv4_address", "(?<![0-9.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![0-9])");
    add(
        shapes,
        "mac_address",
        "(?<![A-Za-z0-9])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}(?![A-Za-z0-9])");
    add(shapes, "digit_run", "[0-9]{9,}");
    return shapes;
  }

  private static void add(Map<String, List<Pattern>> shapes, String kind, String regex) {
    shapes.computeIfAbsent(kind, k -> new ArrayList<>()).add(Pattern.compile(regex));
  }

  /** The rank of the lowest-ranked secret kind in {@code s}, or empty. */
  static Optional<String> secretIn(String s) {
    List<String> kinds = SecretShapes.kinds();
    String best = null;
    for (Map.Entry<String, List<Pattern>> shape : SHAPES.entrySet()) {
      for (Pattern pattern : shape.getValue()) {
        if (pattern.matcher(s).find()) {
          best = lower(kinds, best, shape.getKey());
        }
      }
    }
    Matcher ipv6 = IPV6_CANDIDATE.matcher(s);
    while (ipv6.find()) {
      if (isIpv6(ipv6.group())) {
        best = lower(kinds, best, "ipv6_address");
      }
    }
    Matcher alnum = ALNUM_RUN.matcher(s);
    while (alnum.find()) {
      String run = alnum.group();
      if (switches(run) * 4 >= run.length() && entropy(run) >= 3.0) {
        best = lower(kinds, best, "high_entropy");
      }
    }
    Matcher base64 = BASE64_RUN.matcher(s);
    while (base64.find()) {
      String run = base64.group();
      if (count(run, "[A-Z]") >= 2
          && count(run, "[a-z]") >= 2
          && count(run, "[0-9]") >= 2
          && switches(run) * 4 >= run.length()
          && entropy(run) >= 4.0) {
        best = lower(kinds, best, "high_entropy");
      }
    }
    return Optional.ofNullable(best);
  }

  private static String lower(List<String> kinds, String best, String kind) {
    assertThat(kinds).contains(kind);
    return best == null || kinds.indexOf(kind) < kinds.indexOf(best) ? kind : best;
  }

  private static boolean isIpv6(String run) {
    if (run.contains(":::")) {
      return false;
    }
    int doubles = (run.length() - run.replace("::", "").length()) / 2;
    String trimmed = run.replace("::", ":");
    if (doubles == 0 && (run.startsWith(":") || run.endsWith(":"))) {
      return false;
    }
    List<String> groups = new ArrayList<>();
    for (String group : trimmed.split(":")) {
      if (!group.isEmpty()) {
        if (group.length() > 4) {
          return false;
        }
        groups.add(group);
      }
    }
    return doubles == 0
        ? groups.size() == 8
        : doubles == 1 && groups.size() >= 2 && groups.size() <= 7;
  }

  private static int count(String s, String characterClass) {
    return s.length() - s.replaceAll(characterClass, "").length();
  }

  private static int switches(String run) {
    int switches = 0;
    for (int i = 1; i < run.length(); i++) {
      if (kindOf(run.charAt(i)) != kindOf(run.charAt(i - 1))) {
        switches++;
      }
    }
    return switches;
  }

  private static int kindOf(char c) {
    if (Character.isDigit(c)) {
      return 1;
    }
    if (Character.isUpperCase(c)) {
      return 2;
    }
    return Character.isLowerCase(c) ? 3 : 0;
  }

  private static double entropy(String run) {
    Map<Character, Integer> counts = new TreeMap<>();
    for (char c : run.toCharArray()) {
      counts.merge(c, 1, Integer::sum);
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = count / (double) run.length();
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }

  Optional<Outcome> scan(byte[] json) {
    List<String> strings = new ArrayList<>();
    List<Boolean> isValue = new ArrayList<>();
    boolean malformed = false;
    try (JsonParser parser = factory.createParser(json)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        malformed = true;
      }
      while (!malformed) {
        token = parser.nextToken();
        if (token == null) {
          break;
        }
        if (parser.getParsingContext().getNestingDepth() > PayloadScan.MAX_DEPTH) {
          malformed = true;
          break;
        }
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          String text = parser.getText();
          if (hasLoneSurrogate(text)) {
            malformed = true;
            break;
          }
          strings.add(text);
          isValue.add(token == JsonToken.VALUE_STRING);
        }
        if (parser.getParsingContext().inRoot()) {
          malformed = parser.nextToken() != null;
          break;
        }
      }
    } catch (IOException e) {
      malformed = true;
    }

    for (String s : strings) {
      Optional<String> prefix = prefixIn(s);
      if (prefix.isPresent()) {
        return Optional.of(new Outcome(Rule.BLOCKED_PREFIX, prefix.get()));
      }
    }
    if (malformed) {
      Optional<String> prefix = prefixIn(lenientlyDecoded(json));
      if (prefix.isPresent()) {
        return Optional.of(new Outcome(Rule.BLOCKED_PREFIX, prefix.get()));
      }
    }
    for (String s : strings) {
      if (!vocabulary.contains(s) && !GENERATED.matcher(s).matches()) {
        Optional<String> kind = secretIn(s.replaceAll("[^\\x00-\\x7F]", "\u0080"));
        if (kind.isPresent()) {
          return Optional.of(new Outcome(Rule.SECRET, kind.get()));
        }
      }
    }
    for (String s : strings) {
      if (!vocabulary.contains(s)) {
        Optional<String> source = blockedValueIn(s);
        if (source.isPresent()) {
          return Optional.of(new Outcome(Rule.BLOCKED_VALUE, source.get()));
        }
      }
    }
    if (malformed) {
      return Optional.of(new Outcome(Rule.MALFORMED_PAYLOAD, null));
    }
    return envMarkersProblem(json).map(pattern -> new Outcome(Rule.ENV_MARKERS_NON_BOOL, pattern));
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> prefixIn(String s) {
    Matcher m = PREFIX.matcher(s);
    if (!m.find()) {
      return Optional.empty();
    }
    for (int group = 1; group <= 5; group++) {
      if (m.group(group) != null) {
        return Optional.of(AnonymityScanner.blockedPrefixes().get(group - 1));
      }
    }
    throw new AssertionError();
  }

  private static String lenientlyDecoded(byte[] json) {
    Matcher m = ESCAPE.matcher(new String(json, StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String escape = m.group(1);
      String decoded =
          escape.startsWith("u")
              ? String.valueOf((char) Integer.parseInt(escape.substring(1), 16))
              : escape;
      m.appendReplacement(out, Matcher.quoteReplacement(decoded));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Optional<String> blockedValueIn(String s) {
    if (GENERATED.matcher(s).matches()) {
      for (int v = 0; v < wholeValues.size(); v++) {
        if (wholeValues.get(v).equalsIgnoreCase(s)) {
          return Optional.of(sources.get(v));
        }
      }
      return Optional.empty();
    }
    int best = Integer.MAX_VALUE;
    String source = null;
    for (int v = 0; v < valuePatterns.size(); v++) {
      if (valuePatterns.get(v) == null) {
        continue;
      }
      Matcher m = valuePatterns.get(v).matcher(s);
      if (m.find() && m.start() < best) {
        best = m.start();
        source = sources.get(v);
      }
    }
    if (source == null) {
      for (int v = 0; v < wholeValues.size(); v++) {
        if (valuePatterns.get(v) == null && wholeValues.get(v).equalsIgnoreCase(s)) {
          return Optional.of(sources.get(v));
        }
      }
    }
    return Optional.ofNullable(source);
  }

  private Optional<String> envMarkersProblem(byte[] json) {
    JsonNode markers;
    try {
      markers = mapper.readTree(json).get("env_markers");
    } catch (IOException e) {
      throw new AssertionError("valid before, invalid now", e);
    }
    if (markers == null) {
      return Optional.empty();
    }
    if (!markers.isObject()) {
      return Optional.of("env_markers");
    }
    for (Map.Entry<String, JsonNode> field : markers.properties()) {
      if (!MARKERS.contains(field.getKey())) {
        return Optional.of("env_markers");
      }
      if (!field.getValue().isBoolean()) {
        return Optional.of(field.getKey());
      }
    }
    for (String marker : MARKERS) {
      if (!markers.has(marker)) {
        return Optional.of(marker.toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }
}
