package app.mcpproxy.telemetry.privacy;

import static app.mcpproxy.telemetry.privacy.StringBytes.BACKSLASH;
import static app.mcpproxy.telemetry.privacy.StringBytes.CANDIDATE;
import static app.mcpproxy.telemetry.privacy.StringBytes.KEY_CLASSES;
import static app.mcpproxy.telemetry.privacy.StringBytes.NON_ASCII;
import static app.mcpproxy.telemetry.privacy.StringBytes.QUOTE;
import static app.mcpproxy.telemetry.privacy.StringBytes.SLASH;

import app.mcpproxy.telemetry.privacy.AnonymityViolation.Rule;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One scan of one payload: a strict, single-pass JSON tokenizer over the UTF-8 bytes that applies
 * every rule as it goes and keeps the first violation of each rule.
 *
 * <p>Strings are decoded only when they hold an escape (or, when blocked values exist, a non-ASCII
 * character); all others are checked on their raw bytes. A blocked prefix ends the scan at once,
 * since nothing outranks it. When the JSON turns out malformed, the text after the error cannot be
 * split into strings reliably, so the whole input is searched once more for prefixes with every
 * escape sequence decoded wherever it stands.
 *
 * <p>Most strings of a heartbeat are {@link PayloadVocabulary} words in the same order in every
 * payload, so the scan remembers which word followed which two words in earlier payloads and first
 * compares the bytes with the word it expects: a right guess skips the lookup, and for keys the
 * search for the closing quote. A wrong guess costs one comparison and changes no outcome.
 */
final class PayloadScan {

  /** Deeper nesting is malformed; a heartbeat nests three levels. */
  static final int MAX_DEPTH = 128;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int NO_PREFIX = PathPrefixes.NONE;
  private static final int STOP = -1;

  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");
  private static final int ENV_MARKERS = word(EnvMarkersCheck.FIELD);
  private static final int[] MARKER_WORDS =
      EnvMarkersCheck.MARKERS.stream().mapToInt(PayloadScan::word).toArray();

  /**
   * One scratch scan per thread, reused so that a clean scan allocates nothing: the key stack,
   * Bloom filters and decode buffers are sized once and reset per payload. A scan never calls
   * foreign code, so it cannot be re-entered on its thread; the flag only guards that assumption.
   */
  private static final ThreadLocal<PayloadScan> SCRATCH = ThreadLocal.withInitial(PayloadScan::new);

  private static final int KEEP_TEXT = 16 * 1024;

  private byte[] in;
  private int length;
  private BlockedValueMatcher matcher;
  private final ObjectKeys keys = new ObjectKeys(new byte[0]);
  private boolean busy;

  // Switched to the key classes once a blocked value was found: one is enough.
  private byte[] valueClasses;
  private boolean decodeNonAscii;
  private boolean matching;
  private boolean wholeOnly;

  private boolean[] isObject = new boolean[16];
  private int depth;

  // The vocabulary word last seen in each context, or -1, by a hash of the context: the last two
  // words of this payload and whether a string that is no word followed them. Guesses only, kept
  // from payload to payload; a collision costs a wrong guess.
  private static final int CONTEXT_BITS = 11;
  private final int[] guesses = new int[1 << CONTEXT_BITS];
  private int lastWord;
  private int wordBefore;
  private boolean afterOther;
  private int context;

  // The decoded text of the last string that needed decoding; allocated when first needed.
  private char[] text;
  private int textLength;
  private boolean lastStringDecoded;
  // Whether this scan decoded into text, which release() then wipes.
  private boolean textUsed;

  private final EnvMarkersCheck envMarkers = new EnvMarkersCheck();

  private int prefix;
  private boolean prefixInKey;
  private int blockedEntry;
  private int secret;
  private boolean secretInKey;
  // Decoded text as bytes for the secret shapes, which read ASCII; allocated when first needed.
  private byte[] shapeBytes;
  private @Nullable JsonError error;
  private int errorOffset;

  @SuppressWarnings("NullAway.Init") // reset() sets the payload state before every scan
  private PayloadScan() {
    Arrays.fill(guesses, -1);
  }

  /**
   * Scans one payload with this thread's scratch state.
   *
   * @return the violation of the highest-ranked rule, or {@code null}
   */
  static @Nullable AnonymityViolation scan(byte[] in, BlockedValueMatcher matcher) {
    PayloadScan scan = SCRATCH.get();
    if (scan.busy) {
      scan = new PayloadScan();
    }
    scan.busy = true;
    try {
      scan.reset(in, matcher);
      return scan.run();
    } finally {
      scan.release();
    }
  }

  private void reset(byte[] payload, BlockedValueMatcher newMatcher) {
    this.in = payload;
    this.length = payload.length;
    this.matcher = newMatcher;
    keys.reset(payload);
    this.matching = !newMatcher.isEmpty();
    this.wholeOnly = newMatcher.hasWholeOnly();
    this.valueClasses = matching ? newMatcher.valueClasses() : KEY_CLASSES;
    this.decodeNonAscii = matching;
    depth = 0;
    lastWord = -1;
    wordBefore = -1;
    afterOther = false;
    context = context(lastWord, wordBefore, afterOther);
    textLength = 0;
    lastStringDecoded = false;
    envMarkers.reset();
    prefix = NO_PREFIX;
    prefixInKey = false;
    blockedEntry = -1;
    secret = SecretShapes.NONE;
    secretInKey = false;
    error = null;
    errorOffset = 0;
  }

  // Keeps no reference to the payload or the matcher, no decoded text of it, and no scratch a large
  // payload made grow.
  @SuppressWarnings("NullAway") // between scans; reset() and the first decode set them again
  private void release() {
    in = null;
    matcher = null;
    keys.release();
    if (isObject.length > 64) {
      isObject = new boolean[16];
    }
    if (text != null && text.length > KEEP_TEXT) {
      text = null;
      shapeBytes = null;
    } else if (textUsed) {
      Arrays.fill(text, '\0');
      if (shapeBytes != null) {
        Arrays.fill(shapeBytes, (byte) 0);
      }
    }
    textUsed = false;
    busy = false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static int word(String word) {
    int index = PayloadVocabulary.indexOf(word);
    if (index < 0) {
      throw new IllegalStateException("not a vocabulary word: " + word);
    }
    return index;
  }

  /** Scans the payload; returns the violation of the highest-ranked rule, or {@code null}. */
  private @Nullable AnonymityViolation run() {
    parse();
    if (prefix != NO_PREFIX) {
      return new AnonymityViolation(
          Rule.BLOCKED_PREFIX,
          PathPrefixes.PREFIXES.get(prefix),
          "a string " + (prefixInKey ? "key" : "value") + " contains a blocked path prefix");
    }
    if (error != null) {
      char[] lenient = LenientText.decode(in);
      int found = PathPrefixes.find(lenient, lenient.length);
      if (found != NO_PREFIX) {
        return new AnonymityViolation(
            Rule.BLOCKED_PREFIX,
            PathPrefixes.PREFIXES.get(found),
            "the payload, which is not valid JSON, contains a blocked path prefix");
      }
    }
    if (secret >= 0) {
      String kind = SecretShapes.kind(secret);
      return new AnonymityViolation(
          Rule.SECRET,
          kind,
          "a string " + (secretInKey ? "key" : "value") + " has the shape of a " + kind);
    }
    if (blockedEntry >= 0) {
      String source = matcher.source(blockedEntry);
      return new AnonymityViolation(
          Rule.BLOCKED_VALUE, source, "a string contains a blocked value from " + source);
    }
    if (error != null) {
      return new AnonymityViolation(
          Rule.MALFORMED_PAYLOAD, error.code(), error.describe(errorOffset));
    }
    String markersPattern = envMarkers.pattern();
    if (markersPattern != null) {
      return new AnonymityViolation(
          Rule.ENV_MARKERS_NON_BOOL,
          markersPattern,
          Objects.requireNonNull(envMarkers.reason(), "set with the pattern"));
    }
    return null;
  }

  private int fail(JsonError kind, int offset) {
    error = kind;
    errorOffset = offset;
    return STOP;
  }

  private void parse() {
    byte[] in = this.in;
    int n = length;
    int i = skipWhitespace(0);
    if (i >= n) {
      fail(JsonError.UNEXPECTED_END, i);
      return;
    }
    if (in[i] != '{') {
      fail(JsonError.TOP_LEVEL_NOT_OBJECT, i);
      return;
    }
    // Each turn reads one member: its key (inside an object), its value, and what follows.
    boolean atValue = true;
    while (true) {
      if (!atValue) {
        // The commonest key: the vocabulary word expected here, followed directly by its colon.
        int guess = guesses[context];
        int colon = guess >= 0 ? PayloadVocabulary.quotedEnd(guess, in, i + 1) : -1;
        if (colon >= 0 && colon < n && in[colon] == ':') {
          if (!keys.addWord(depth, guess)) {
            fail(JsonError.DUPLICATE_KEY, i);
            return;
          }
          wordKey(guess);
          seen(guess);
          i = skipWhitespace(colon + 1);
          if (i >= n) {
            fail(JsonError.UNEXPECTED_END, i);
            return;
          }
        } else {
          i = unexpectedKey(i);
          if (i < 0) {
            return;
          }
        }
      }
      switch (in[i]) {
        case '"':
          envMarkers.valueStarts(depth, EnvMarkersCheck.OTHER);
          int guess = guesses[context];
          int end = guess >= 0 ? PayloadVocabulary.quotedEnd(guess, in, i + 1) : -1;
          if (end >= 0) {
            seen(guess);
            i = end;
          } else {
            i = scanString(i + 1, true);
          }
          break;
        case '{':
          envMarkers.valueStarts(depth, EnvMarkersCheck.OBJECT);
          if (!push(true, i)) {
            return;
          }
          i = skipWhitespace(i + 1);
          if (i >= n) {
            fail(JsonError.UNEXPECTED_END, i);
            return;
          }
          if (in[i] == '"') {
            atValue = false;
            continue;
          }
          if (in[i] != '}') {
            fail(JsonError.UNEXPECTED_CHARACTER, i);
            return;
          }
          closeObject();
          depth--;
          i++;
          break;
        case '[':
          envMarkers.valueStarts(depth, EnvMarkersCheck.OTHER);
          if (!push(false, i)) {
            return;
          }
          i = skipWhitespace(i + 1);
          if (i >= n) {
            fail(JsonError.UNEXPECTED_END, i);
            return;
          }
          if (in[i] != ']') {
            atValue = true;
            continue;
          }
          depth--;
          i++;
          break;
        case 't':
          envMarkers.valueStarts(depth, EnvMarkersCheck.BOOLEAN);
          i = literal(i, TRUE);
          break;
        case 'f':
          envMarkers.valueStarts(depth, EnvMarkersCheck.BOOLEAN);
          i = literal(i, FALSE);
          break;
        case 'n':
          envMarkers.valueStarts(depth, EnvMarkersCheck.OTHER);
          i = literal(i, NULL);
          break;
        default:
          envMarkers.valueStarts(depth, EnvMarkersCheck.OTHER);
          i = number(i);
          break;
      }
      if (i < 0) {
        return;
      }
      // After a value: a separator, or the ends of one or more containers. White space is tested
      // here rather than in skipWhitespace(), which the compiler may no longer inline into this
      // large method.
      while (true) {
        if (i >= n || in[i] <= ' ') {
          i = skipWhitespaceFrom(i);
        }
        if (depth == 0) {
          if (i != n) {
            fail(JsonError.TRAILING_DATA, i);
          }
          return;
        }
        if (i >= n) {
          fail(JsonError.UNEXPECTED_END, i);
          return;
        }
        int b = in[i];
        boolean object = isObject[depth];
        if (b == ',') {
          i++;
          if (i >= n || in[i] <= ' ') {
            i = skipWhitespaceFrom(i);
          }
          if (i >= n) {
            fail(JsonError.UNEXPECTED_END, i);
            return;
          }
          if (object && in[i] != '"') {
            fail(JsonError.UNEXPECTED_CHARACTER, i);
            return;
          }
          atValue = !object;
          break;
        }
        if (b != (object ? '}' : ']')) {
          fail(JsonError.UNEXPECTED_CHARACTER, i);
          return;
        }
        if (object) {
          closeObject();
        }
        depth--;
        i++;
      }
    }
  }

  /**
   * Reads a key that is not the expected word at its opening quote, and the colon after it; returns
   * the index of the value, or {@link #STOP}. The common case is handled here: unescaped ASCII,
   * read eight bytes at a time, outside env_markers and followed directly by its colon. Anything
   * else goes to {@link #key}, which scans the key again.
   */
  private int unexpectedKey(int quote) {
    byte[] in = this.in;
    int n = length;
    int start = quote + 1;
    int close = -1;
    long first = 0;
    scan:
    for (int w = start; w <= n - 8; w += 8) {
      long word = (long) LONGS.get(in, w);
      if (w == start) {
        first = word;
      }
      long special = StringBytes.specialBytes(word);
      while (special != 0) {
        int at = w + (Long.numberOfTrailingZeros(special) >>> 3);
        byte b = in[at];
        if (b == '"') {
          close = at;
          break scan;
        }
        if (b == '\\' || b < ' ') {
          // An escape, a control character or non-ASCII.
          break scan;
        }
        if (b == '/' && PathPrefixes.mayFollowSlash(in, at + 1)) {
          int found = PathPrefixes.atSlash(in, at);
          if (found != NO_PREFIX) {
            prefix = found;
            prefixInKey = true;
            return STOP;
          }
        }
        // A slash without a prefix, or a byte flagged only by a borrow: look further.
        special &= special - 1;
      }
    }
    if (close < 0 || close + 1 >= n || in[close + 1] != ':') {
      return key(quote);
    }
    int keyLength = close - start;
    long last = 0;
    if (keyLength < 8) {
      first &= (1L << (keyLength << 3)) - 1;
    } else {
      last = (long) LONGS.get(in, close - 8);
    }
    int signature = ObjectKeys.signature(first, last, keyLength);
    int word = PayloadVocabulary.indexOf(signature, first, last, in, start, keyLength);
    if (word >= 0) {
      if (!keys.addWord(depth, word)) {
        return fail(JsonError.DUPLICATE_KEY, quote);
      }
      wordKey(word);
      learn(word);
    } else {
      if (!keys.addIfNew(depth, signature, start, keyLength)
          && !keys.add(depth, signature, start, keyLength)) {
        return fail(JsonError.DUPLICATE_KEY, quote);
      }
      wordKey(-1);
      other();
      if (needsCheck()) {
        checkRaw(start, close, false, -1);
      }
    }
    int i = skipWhitespace(close + 2);
    return i < n ? i : fail(JsonError.UNEXPECTED_END, i);
  }

  private static int context(int lastWord, int wordBefore, boolean afterOther) {
    int hash = lastWord * 0x9E3779B9 ^ wordBefore * 0x7FEB352D ^ (afterOther ? 0x5BD1E995 : 0);
    return hash >>> (32 - CONTEXT_BITS);
  }

  /** Moves the context on past a vocabulary word. */
  private void seen(int word) {
    wordBefore = lastWord;
    lastWord = word;
    afterOther = false;
    context = context(word, wordBefore, false);
  }

  /** Remembers a vocabulary word that was not guessed as the guess for its context. */
  private void learn(int word) {
    guesses[context] = word;
    seen(word);
  }

  /** Moves the context on past a string that is no vocabulary word. */
  private void other() {
    if (!afterOther) {
      afterOther = true;
      context = context(lastWord, wordBefore, true);
    }
  }

  /** Follows env_markers through a key, the vocabulary word of the given index or -1. */
  private void wordKey(int word) {
    if (depth == 1) {
      envMarkers.topLevelKey(word == ENV_MARKERS);
    } else if (depth == 2 && envMarkers.inside()) {
      int marker = -1;
      for (int m = 0; m < MARKER_WORDS.length && word >= 0; m++) {
        if (word == MARKER_WORDS[m]) {
          marker = m;
        }
      }
      envMarkers.markerKey(marker);
    }
  }

  /**
   * Reads a key at its opening quote and the colon after it; returns the index of the value, or
   * {@link #STOP}.
   */
  private int key(int quote) {
    byte[] in = this.in;
    int n = length;
    int start = quote + 1;
    lastStringDecoded = false;
    int i = scanKey(start);
    if (i < 0) {
      return STOP;
    }
    int end = i - 1;
    int word = lastStringDecoded ? decodedWord() : PayloadVocabulary.indexOf(in, start, end);
    if (!addKey(start, end, word)) {
      return fail(JsonError.DUPLICATE_KEY, quote);
    }
    if (i >= n || in[i] != ':') {
      i = skipWhitespace(i);
      if (i >= n) {
        return fail(JsonError.UNEXPECTED_END, i);
      }
      if (in[i] != ':') {
        return fail(JsonError.UNEXPECTED_CHARACTER, i);
      }
    }
    // A key counts once its colon is seen, as for a JSON parser that reports it.
    if (word >= 0) {
      learn(word);
    } else {
      other();
      if (needsCheck()) {
        if (lastStringDecoded) {
          checkDecoded(false);
        } else {
          checkRaw(start, end, false, -1);
        }
      }
    }
    i = skipWhitespace(i + 1);
    return i < n ? i : fail(JsonError.UNEXPECTED_END, i);
  }

  private int skipWhitespace(int from) {
    // Compact JSON has no white space: one comparison decides the common case.
    if (from < length && in[from] > ' ') {
      return from;
    }
    return skipWhitespaceFrom(from);
  }

  private int skipWhitespaceFrom(int from) {
    byte[] in = this.in;
    int i = from;
    while (i < length) {
      byte b = in[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  private boolean push(boolean object, int offset) {
    if (depth == MAX_DEPTH) {
      fail(JsonError.TOO_DEEP, offset);
      return false;
    }
    depth++;
    if (depth == isObject.length) {
      isObject = Arrays.copyOf(isObject, depth * 2);
    }
    isObject[depth] = object;
    if (object) {
      keys.open(depth);
    }
    return true;
  }

  private int literal(int at, byte[] word) {
    if (at + word.length > length) {
      return fail(JsonError.INVALID_LITERAL, at);
    }
    for (int k = 1; k < word.length; k++) {
      if (in[at + k] != word[k]) {
        return fail(JsonError.INVALID_LITERAL, at);
      }
    }
    return at + word.length;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  private int number(int at) {
    byte[] in = this.in;
    int n = length;
    int i = at;
    if (in[i] == '-') {
      i++;
    }
    if (i >= n || !isDigit(in[i])) {
      return fail(i == at ? JsonError.UNEXPECTED_CHARACTER : JsonError.INVALID_NUMBER, at);
    }
    if (in[i++] != '0') {
      while (i < n && isDigit(in[i])) {
        i++;
      }
    }
    if (i < n && in[i] == '.') {
      i++;
      if (i >= n || !isDigit(in[i])) {
        return fail(JsonError.INVALID_NUMBER, at);
      }
      while (i < n && isDigit(in[i])) {
        i++;
      }
    }
    if (i < n && (in[i] == 'e' || in[i] == 'E')) {
      i++;
      if (i < n && (in[i] == '+' || in[i] == '-')) {
        i++;
      }
      if (i >= n || !isDigit(in[i])) {
        return fail(JsonError.INVALID_NUMBER, at);
      }
      while (i < n && isDigit(in[i])) {
        i++;
      }
    }
    return i;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /**
   * Scans a key from just after its opening quote, eight bytes at a time; returns the index after
   * its closing quote, or {@link #STOP}.
   */
  private int scanKey(int start) {
    byte[] in = this.in;
    int limit = length - 8;
    for (int i = start; i <= limit; i += 8) {
      long special = StringBytes.specialBytes((long) LONGS.get(in, i));
      while (special != 0) {
        int at = i + (Long.numberOfTrailingZeros(special) >>> 3);
        byte b = in[at];
        if (b == '"') {
          return at + 1;
        }
        if (b == '/') {
          int found = PathPrefixes.atSlash(in, at);
          if (found != NO_PREFIX) {
            prefix = found;
            prefixInKey = true;
            return STOP;
          }
        } else if (b == '\\' || b < ' ') {
          // An escape, a control character or non-ASCII: the byte-wise scan handles it.
          return scanString(start, false);
        }
        // A slash without a prefix, or a byte flagged only by a borrow: look further.
        special &= special - 1;
      }
    }
    return scanString(start, false);
  }

  /**
   * Scans a string from just after its opening quote; returns the index after its closing quote, or
   * {@link #STOP}. Raw bytes are checked in place until an escape (or a non-ASCII character in a
   * value that blocked values must see decoded) sends the whole string to {@link #scanDecoded}.
   */
  private int scanString(int start, boolean isValue) {
    byte[] in = this.in;
    int n = length;
    byte[] classes = isValue ? valueClasses : KEY_CLASSES;
    int pending = -1;
    int i = start;
    while (true) {
      while (i < n && classes[in[i] & 0xFF] == 0) {
        i++;
      }
      if (i >= n) {
        return fail(JsonError.UNTERMINATED_STRING, start - 1);
      }
      int cls = classes[in[i] & 0xFF];
      if (cls == QUOTE) {
        if (isValue) {
          valueEnds(start, i, pending);
        }
        return i + 1;
      }
      if (cls >= SLASH) {
        if ((cls & SLASH) != 0) {
          int found = PathPrefixes.atSlash(in, i);
          if (found != NO_PREFIX) {
            prefix = found;
            prefixInKey = !isValue;
            return STOP;
          }
        }
        if ((cls & CANDIDATE) != 0
            && pending < 0
            && (i == start || !CaseFolding.isAsciiLetterOrDigit(in[i - 1]))) {
          pending = matcher.matchAsciiAt(in, i);
        }
        i++;
      } else if (cls == BACKSLASH) {
        return scanDecoded(start, isValue);
      } else if (cls == NON_ASCII) {
        if (decodeNonAscii) {
          return scanDecoded(start, true);
        }
        int end = StringBytes.utf8End(in, i);
        if (end < 0) {
          return fail(JsonError.INVALID_UTF8, i);
        }
        i = end;
      } else {
        return fail(JsonError.CONTROL_CHARACTER, i);
      }
    }
  }

  /** Decodes a whole string into {@link #text}, then checks the decoded characters. */
  private int scanDecoded(int start, boolean isValue) {
    byte[] in = this.in;
    int n = length;
    if (text == null) {
      text = new char[64];
    }
    textUsed = true;
    textLength = 0;
    int i = start;
    while (true) {
      if (i >= n) {
        return fail(JsonError.UNTERMINATED_STRING, start - 1);
      }
      int b = in[i];
      if (b == '"') {
        break;
      }
      if (b == '\\') {
        i = decodeEscape(i);
        if (i < 0) {
          return STOP;
        }
      } else if (b >= 0x20) {
        append((char) b);
        i++;
      } else if (b >= 0) {
        return fail(JsonError.CONTROL_CHARACTER, i);
      } else {
        int end = StringBytes.utf8End(in, i);
        if (end < 0) {
          return fail(JsonError.INVALID_UTF8, i);
        }
        int codePoint = StringBytes.codePoint(in, i, end);
        if (codePoint >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
          append(Character.highSurrogate(codePoint));
          append(Character.lowSurrogate(codePoint));
        } else {
          append((char) codePoint);
        }
        i = end;
      }
    }
    lastStringDecoded = true;
    int found = PathPrefixes.find(text, textLength);
    if (found != NO_PREFIX) {
      prefix = found;
      prefixInKey = !isValue;
      return STOP;
    }
    if (isValue && needsCheck()) {
      checkDecoded(true);
    }
    return i + 1;
  }

  /**
   * Checks a raw value that ends at {@code end}, unless it is a vocabulary word; kept out of {@link
   * #scanString} so that stays small enough to be compiled into the tokenizer.
   */
  private void valueEnds(int start, int end, int pending) {
    int word = PayloadVocabulary.indexOf(in, start, end);
    if (word >= 0) {
      learn(word);
    } else {
      other();
      if (secret < 0 || pending >= 0 || (wholeOnly && blockedEntry < 0)) {
        checkRaw(start, end, true, pending);
      }
    }
  }

  /** Whether a string that is not a vocabulary word can still change the outcome. */
  private boolean needsCheck() {
    return secret < 0 || (matching && blockedEntry < 0);
  }

  /**
   * Checks raw, unescaped string bytes {@code in[start, end)} that are not a vocabulary word for
   * secret shapes and blocked values; {@code pending} is a blocked value the value scan already
   * found in them, or -1 (always -1 for keys, whose scan looks for none).
   */
  private void checkRaw(int start, int end, boolean isValue, int pending) {
    boolean generated = GeneratedShapes.isGenerated(in, start, end);
    if (!isValue && !generated && secret < 0 && matching && blockedEntry < 0) {
      checkRawKey(start, end);
      return;
    }
    if (secret < 0 && !generated) {
      int kind = SecretShapes.find(in, start, end);
      if (kind >= 0) {
        secret = kind;
        secretInKey = !isValue;
      }
    }
    if (matching && blockedEntry < 0) {
      int entry;
      if (generated) {
        entry = matcher.matchWhole(in, start, end);
      } else {
        entry = isValue ? pending : matcher.findAscii(in, start, end);
        if (entry < 0) {
          entry = matcher.matchWholeOnly(in, start, end);
        }
      }
      if (entry >= 0) {
        recordBlocked(entry);
      }
    }
  }

  /**
   * Checks a raw key like {@link #checkRaw} when both rules are still open, reading its bytes once
   * for the secret-shape gate and for a byte that may start a blocked value followed by one that
   * may continue it; the exact checks run only when those find something.
   */
  private void checkRawKey(int start, int end) {
    byte[] in = this.in;
    BlockedValueMatcher matcher = this.matcher;
    byte[] pairClasses = matcher.pairClasses();
    long fields = 0;
    long hits = 0;
    int pairs = 0;
    int before = 0;
    for (int i = start; i < end; i++) {
      int b = in[i] & 0xFF;
      fields = SecretShapes.gateStep(fields, b);
      hits |= SecretShapes.gateHits(fields);
      int classes = pairClasses[b];
      // The byte before, shifted so that its first-byte class meets this byte's second-byte one
      // (PAIR_SECOND is PAIR_FIRST << 1).
      pairs |= before & classes;
      before = classes << 1;
    }
    if (SecretShapes.gateOpen(hits)) {
      int kind = SecretShapes.findExactly(in, start, end);
      if (kind >= 0) {
        secret = kind;
        secretInKey = true;
      }
    }
    int entry = pairs != 0 ? matcher.findAscii(in, start, end) : -1;
    if (entry < 0) {
      entry = matcher.matchWholeOnly(in, start, end);
    }
    if (entry >= 0) {
      recordBlocked(entry);
    }
  }

  /**
   * Copies the decoded {@link #text} into {@link #shapeBytes}, any character beyond ASCII as 0x80;
   * returns whether all were ASCII.
   */
  private boolean textToShapeBytes() {
    int n = textLength;
    if (shapeBytes == null || shapeBytes.length < n) {
      shapeBytes = new byte[Math.max(64, text.length)];
    }
    boolean ascii = true;
    for (int k = 0; k < n; k++) {
      char c = text[k];
      ascii &= c < 0x80;
      shapeBytes[k] = c < 0x80 ? (byte) c : (byte) 0x80;
    }
    return ascii;
  }

  /** The vocabulary word that the decoded {@link #text} is, or -1. */
  private int decodedWord() {
    return textToShapeBytes() ? PayloadVocabulary.indexOf(shapeBytes, 0, textLength) : -1;
  }

  /** Checks the decoded {@link #text} like {@link #checkRaw}, unless it is a vocabulary word. */
  private void checkDecoded(boolean isValue) {
    int n = textLength;
    // Shapes are ASCII; any other character stands for a separator.
    if (textToShapeBytes() && PayloadVocabulary.isWord(shapeBytes, 0, n)) {
      return;
    }
    boolean generated = GeneratedShapes.isGenerated(text, n);
    if (secret < 0 && !generated) {
      int kind = SecretShapes.find(shapeBytes, 0, n);
      if (kind >= 0) {
        secret = kind;
        secretInKey = !isValue;
      }
    }
    if (matching && blockedEntry < 0) {
      int entry;
      if (generated) {
        entry = matcher.matchWhole(text, n);
      } else {
        entry = matcher.find(text, n);
        if (entry < 0) {
          entry = matcher.matchWholeOnly(text, n);
        }
      }
      if (entry >= 0) {
        recordBlocked(entry);
      }
    }
  }

  /** Decodes the escape at {@code at}; returns the index after it, or {@link #STOP}. */
  private int decodeEscape(int at) {
    if (at + 1 >= length) {
      return fail(JsonError.UNTERMINATED_STRING, at);
    }
    switch (in[at + 1]) {
      case '"':
        append('"');
        break;
      case '\\':
        append('\\');
        break;
      case '/':
        append('/');
        break;
      case 'b':
        append('\b');
        break;
      case 'f':
        append('\f');
        break;
      case 'n':
        append('\n');
        break;
      case 'r':
        append('\r');
        break;
      case 't':
        append('\t');
        break;
      case 'u':
        return decodeUnicodeEscape(at);
      default:
        return fail(JsonError.INVALID_ESCAPE, at);
    }
    return at + 2;
  }

  private int decodeUnicodeEscape(int at) {
    int unit = hex4(at + 2);
    if (unit < 0) {
      return fail(JsonError.INVALID_ESCAPE, at);
    }
    char c = (char) unit;
    if (Character.isLowSurrogate(c)) {
      return fail(JsonError.LONE_SURROGATE, at);
    }
    if (!Character.isHighSurrogate(c)) {
      append(c);
      return at + 6;
    }
    int next = at + 6;
    int low = next + 1 < length && in[next] == '\\' && in[next + 1] == 'u' ? hex4(next + 2) : -1;
    if (low < 0 || !Character.isLowSurrogate((char) low)) {
      return fail(JsonError.LONE_SURROGATE, at);
    }
    append(c);
    append((char) low);
    return next + 6;
  }

  private int hex4(int at) {
    if (at + 4 > length) {
      return -1;
    }
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int digit = StringBytes.hexDigit(in[at + k]);
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private void append(char c) {
    if (textLength == text.length) {
      text = Arrays.copyOf(text, textLength * 2);
    }
    text[textLength++] = c;
  }

  private void recordBlocked(int entry) {
    blockedEntry = entry;
    valueClasses = KEY_CLASSES;
    decodeNonAscii = false;
  }

  /**
   * Registers the key just scanned, the vocabulary word of the given index or -1; returns {@code
   * false} when its object already has it.
   */
  private boolean addKey(int start, int end, int word) {
    boolean added;
    if (word >= 0) {
      added = keys.addWord(depth, word);
    } else if (lastStringDecoded) {
      added = keys.addDecoded(depth, text, textLength);
    } else {
      added = keys.addRaw(depth, start, end - start);
    }
    if (!added) {
      return false;
    }
    wordKey(word);
    return true;
  }

  private void closeObject() {
    keys.close(depth);
    envMarkers.objectCloses(depth);
  }
}
