package app.mcpproxy.telemetry.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses strict JSON (RFC 8259: no comments, no trailing commas) into a {@link JsonDocument} whose
 * scalars keep their source text.
 *
 * <p>Jackson's streaming parser does the validation; this class only records where each token came
 * from.
 */
final class JsonTreeReader {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Jackson quotes an unrecognised token, which may be a secret typed without quotes. */
  private static final Pattern QUOTED_TOKEN = Pattern.compile("(Unrecognized token) '[^']*'");

  private JsonTreeReader() {}

  /**
   * Parses a document whose top level must be an object; blank text is an empty object.
   *
   * @param text the JSON text
   * @param source the name used in error messages, such as the file path
   * @return the document
   * @throws ConfigException when the text is not valid JSON or its top level is not an object
   */
  static JsonDocument parse(String text, String source) throws ConfigException {
    if (text.isBlank()) {
      return JsonDocument.empty();
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw positioned(
            source,
            parser.currentTokenLocation(),
            "the top level must be a JSON object, found " + describe(first),
            null);
      }
      JsonObject root = readObject(parser, text);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw positioned(
            source,
            parser.currentTokenLocation(),
            "unexpected " + describe(trailing) + " after the top-level object",
            null);
      }
      return new JsonDocument(root, text.contains("\r\n") ? "\r\n" : "\n", endsWithNewline(text));
    } catch (JsonProcessingException e) {
      // Not kept as the cause: the parser's own message may quote the file's content.
      throw positioned(source, e.getLocation(), withoutContent(e.getOriginalMessage()), null);
    } catch (IOException e) {
      // Reading from a String cannot fail except through the parser's own exceptions.
      throw new ConfigException(source, "cannot parse: " + e.getMessage(), e);
    }
  }

  private static JsonObject readObject(JsonParser parser, String text) throws IOException {
    List<JsonMember> members = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      // Jackson guarantees FIELD_NAME here; anything else is reported as a parse error.
      String rawKey = rawString(text, parser.currentTokenLocation());
      String key = parser.currentName();
      JsonValue value = readValue(parser, parser.nextToken(), text);
      members.add(new JsonMember(rawKey, key, value));
    }
    return new JsonObject(members);
  }

  private static JsonArray readArray(JsonParser parser, String text) throws IOException {
    List<JsonValue> elements = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      elements.add(readValue(parser, token, text));
    }
    return new JsonArray(elements);
  }

  private static JsonValue readValue(JsonParser parser, JsonToken token, String text)
      throws IOException {
    return switch (token) {
      case START_OBJECT -> readObject(parser, text);
      case START_ARRAY -> readArray(parser, text);
      case VALUE_STRING -> {
        String decoded = parser.getText();
        yield new JsonScalar(
            JsonScalar.Kind.STRING, rawString(text, parser.currentTokenLocation()), decoded);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        // For numbers Jackson's text is the literal as written: 1.0 stays 1.0, 1e3 stays 1e3.
        String literal = parser.getText();
        yield new JsonScalar(JsonScalar.Kind.NUMBER, literal, literal);
      }
      case VALUE_TRUE -> JsonScalar.bool(true);
      case VALUE_FALSE -> JsonScalar.bool(false);
      case VALUE_NULL -> new JsonScalar(JsonScalar.Kind.NULL, "null", "null");
      default -> throw new IllegalStateException("unexpected JSON token " + token);
    };
  }

  /** Returns the quoted string that starts at the token's location, escapes left as written. */
  private static String rawString(String text, JsonLocation start) {
    int open = Math.toIntExact(start.getCharOffset());
    if (open < 0 || open >= text.length() || text.charAt(open) != '"') {
      throw new IllegalStateException("no string starts at offset " + open);
    }
    int i = open + 1;
    while (text.charAt(i) != '"') {
      i += text.charAt(i) == '\\' ? 2 : 1;
    }
    return text.substring(open, i + 1);
  }

  /** The parser's problem without the file content it may quote. */
  private static String withoutContent(String problem) {
    return problem == null ? "invalid JSON" : QUOTED_TOKEN.matcher(problem).replaceAll("$1");
  }

  private static boolean endsWithNewline(String text) {
    return text.endsWith("\n");
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "end of input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private static ConfigException positioned(
      String source, @Nullable JsonLocation location, String problem, @Nullable Throwable cause) {
    if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
      return new ConfigException(source, problem, cause);
    }
    return new ConfigException(
        source, location.getLineNr(), location.getColumnNr(), problem, cause);
  }
}
