package app.mcpproxy.telemetry.privacy;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A slow, independent implementation of the scanner's rules on top of Jackson, to compare with the
 * real one: Jackson decides what is valid JSON and decodes the strings; regular expressions find
 * prefixes and blocked values.
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
          "(/users/)|(/home/)|(/root/)|(/var/folders/)|([a-z]:\\\\users\\\\)",
          Pattern.CASE_INSENSITIVE);

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
  private final List<String> sources = new ArrayList<>();
  private final Set<String> vocabulary;

  ReferenceScanner(Map<String, String> sourceByValue, Set<String> vocabulary) {
    sourceByValue.forEach(
        (value, source) -> {
          valuePatterns.add(
              Pattern.compile(
                  "(?<![\\p{L}\\p{Nd}])" + Pattern.quote(value) + "(?![\\p{L}\\p{Nd}])",
                  Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
          sources.add(source);
        });
    this.vocabulary = vocabulary;
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
    for (int i = 0; i < strings.size(); i++) {
      if (isValue.get(i) && !vocabulary.contains(strings.get(i))) {
        Optional<String> source = blockedValueIn(strings.get(i));
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
      for (int v = 0; v < valuePatterns.size(); v++) {
        if (valuePatterns.get(v).matcher(s).matches()) {
          return Optional.of(sources.get(v));
        }
      }
      return Optional.empty();
    }
    int best = Integer.MAX_VALUE;
    String source = null;
    for (int v = 0; v < valuePatterns.size(); v++) {
      Matcher m = valuePatterns.get(v).matcher(s);
      if (m.find() && m.start() < best) {
        best = m.start();
        source = sources.get(v);
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
