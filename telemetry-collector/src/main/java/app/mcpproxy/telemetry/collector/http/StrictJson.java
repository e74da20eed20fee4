package app.mcpproxy.telemetry.collector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Parses a request body as JSON the strict way: the bytes must be well-formed UTF-8 (no overlong
 * forms, no encoded surrogates, nothing above U+10FFFF), and the document may hold no number that
 * is not finite or does not fit a 64-bit integer, and no string with U+0000 or an unpaired
 * surrogate (escaped or not). Anything else is refused with a 400, never stored changed.
 */
final class StrictJson {
  /** A body read eight bytes at a time: every heartbeat passes through here. */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long BACKSLASHES = ONES * '\\';

  private StrictJson() {}

  /**
   * A body that passed: its text and its tree.
   *
   * @param text the body decoded
   * @param tree the parsed JSON value
   */
  record Document(String text, JsonNode tree) {}

  /**
   * Decodes and parses a body.
   *
   * @param mapper the parser
   * @param body the bytes as received
   * @return the text and tree
   * @throws Rejection 400 {@code malformed_json} when the body is refused
   */
  static Document parse(ObjectMapper mapper, byte[] body) throws Rejection {
    if (body.length == 0) {
      throw Rejection.malformed("body is empty");
    }
    Shape shape = Shape.of(body);
    String text = decode(body, shape.ascii());
    JsonNode tree;
    try {
      // The byte parser is the faster one; the bytes are known to be well-formed by now.
      tree = mapper.readTree(body);
    } catch (IOException e) {
      // The parser's message may quote the body; say only where it broke.
      throw Rejection.malformed("body is not valid JSON" + location(e));
    }
    if (tree == null || tree.isMissingNode()) {
      throw Rejection.malformed("body holds no JSON value");
    }
    // Only a \\u escape can put a NUL or a surrogate into well-formed UTF-8 JSON (the parser
    // refuses raw control characters), so strings are looked at only when the body has one.
    check(tree, shape.backslash() && hasUnicodeEscape(body));
    return new Document(text, tree);
  }

  private static String decode(byte[] body, boolean ascii) throws Rejection {
    if (ascii) {
      // ASCII is well-formed UTF-8 as it stands; most heartbeats are ASCII throughout.
      return new String(body, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw Rejection.malformed("body is not valid UTF-8");
    }
  }

  /**
   * What one pass over a body's bytes, eight at a time, found.
   *
   * @param ascii no byte has its high bit set
   * @param backslash some byte is a backslash
   */
  record Shape(boolean ascii, boolean backslash) {
    static Shape of(byte[] body) {
      long bits = 0;
      long backslashes = 0;
      int i = 0;
      for (; i + Long.BYTES <= body.length; i += Long.BYTES) {
        long word = (long) WORDS.get(body, i);
        bits |= word;
        // A byte of the word is a backslash when the XOR zeroes it; a zero byte leaves its high
        // bit set in (x - ONES) & ~x, and no word without one does.
        long flipped = word ^ BACKSLASHES;
        backslashes |= (flipped - ONES) & ~flipped;
      }
      boolean backslash = (backslashes & HIGH_BITS) != 0;
      for (; i < body.length; i++) {
        bits |= body[i];
        backslash |= body[i] == '\\';
      }
      return new Shape((bits & HIGH_BITS) == 0, backslash);
    }
  }

  private static boolean hasUnicodeEscape(byte[] body) {
    for (int i = 0; i + 1 < body.length; i++) {
      if (body[i] == '\\' && body[i + 1] == 'u') {
        return true;
      }
    }
    return false;
  }

  private static void check(JsonNode node, boolean strings) throws Rejection {
    if (node.isNumber()) {
      checkNumber(node);
    } else if (node.isTextual()) {
      if (strings) {
        checkText(node.textValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        check(element, strings);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (strings) {
          checkText(field.getKey());
        }
        check(field.getValue(), strings);
      }
    }
  }

  private static void checkNumber(JsonNode node) throws Rejection {
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        throw Rejection.malformed("a number is out of range");
      }
      return;
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value) || Math.abs(value) >= 0x1p63) {
      throw Rejection.malformed("a number is out of range");
    }
  }

  private static void checkText(String text) throws Rejection {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw Rejection.malformed("a string holds U+0000");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw Rejection.malformed("a string holds an unpaired surrogate");
      }
    }
  }

  private static String location(IOException e) {
    if (e instanceof JsonProcessingException processing && processing.getLocation() != null) {
      return " (line "
          + processing.getLocation().getLineNr()
          + ", column "
          + processing.getLocation().getColumnNr()
          + ")";
    }
    return "";
  }
}
