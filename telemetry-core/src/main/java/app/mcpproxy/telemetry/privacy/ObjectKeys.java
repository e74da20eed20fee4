package app.mcpproxy.telemetry.privacy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the objects currently open in one payload, to find a duplicated key.
 *
 * <p>Keys are compared by their decoded UTF-8 bytes: an unescaped key is its own bytes in the
 * input, an escaped one is re-encoded into a side buffer first. The keys of open objects form a
 * stack, popped when an object closes. Each object has a 256-bit Bloom filter of key signatures
 * (length, first and last eight bytes), so a new key is compared with its siblings only when its
 * bit is already set; an object with more than {@value #LARGE} keys gets a hash table over full key
 * contents instead, so crafted payloads with colliding signatures stay linear.
 *
 * <p>Keys that are {@link PayloadVocabulary} words, most keys of a heartbeat, are kept apart as
 * bits of their word index ({@link #addWord}): a key that is a word never equals one that is not.
 */
final class ObjectKeys {

  /** Objects with more keys than this are indexed by a hash table. */
  static final int LARGE = 64;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int BLOOM_WORDS = 4;

  /** Scratch larger than this is dropped after a scan rather than kept for the next. */
  private static final int KEEP_KEYS = 1024;

  private static final int KEEP_DECODED = 16 * 1024;

  private byte[] input;
  private byte[] decoded;
  private int decodedLength;

  private int[] signatures = new int[64];
  // >= 0: offset in the input; < 0: -(offset + 1) in the decoded buffer.
  private int[] starts = new int[64];
  private int[] lengths = new int[64];
  private int top;

  private int[] bases = new int[16];
  private long[] blooms = new long[16 * BLOOM_WORDS];
  // Longs a bitset of vocabulary words takes; not a constant, because the vocabulary's table uses
  // this class's signatures while it is built.
  private final int wordBits = (PayloadVocabulary.size() + 63) >>> 6;
  private long[] words = new long[16 * wordBits];
  private int @Nullable [][] tables;

  @SuppressWarnings("NullAway.Init") // the decode buffer is made before the first decoded key
  ObjectKeys(byte[] input) {
    this.input = input;
  }

  /** Makes this key set, possibly used before, ready for a new payload. */
  void reset(byte[] newInput) {
    input = newInput;
    top = 0;
    decodedLength = 0;
    tables = null;
  }

  /**
   * Drops the reference to the payload, wipes the decoded keys and drops any scratch a large
   * payload made grow.
   */
  @SuppressWarnings("NullAway") // between payloads; reset() and the next decode set them again
  void release() {
    input = null;
    tables = null;
    if (signatures.length > KEEP_KEYS) {
      signatures = new int[64];
      starts = new int[64];
      lengths = new int[64];
    }
    if (bases.length > 64) {
      bases = new int[16];
      blooms = new long[16 * BLOOM_WORDS];
      words = new long[16 * wordBits];
    }
    if (decoded != null && decoded.length > KEEP_DECODED) {
      decoded = null;
    } else if (decodedLength > 0) {
      Arrays.fill(decoded, 0, decodedLength, (byte) 0);
    }
    decodedLength = 0;
  }

  /** Starts the key set of an object at the given depth. */
  void open(int depth) {
    if (depth >= bases.length) {
      bases = Arrays.copyOf(bases, depth * 2);
      blooms = Arrays.copyOf(blooms, depth * 2 * BLOOM_WORDS);
      words = Arrays.copyOf(words, depth * 2 * wordBits);
    }
    bases[depth] = top;
    int word = depth * BLOOM_WORDS;
    blooms[word] = 0;
    blooms[word + 1] = 0;
    blooms[word + 2] = 0;
    blooms[word + 3] = 0;
    for (int k = depth * wordBits; k < (depth + 1) * wordBits; k++) {
      words[k] = 0;
    }
    if (tables != null && depth < tables.length) {
      tables[depth] = null;
    }
  }

  /** Forgets the keys of the object at the given depth. */
  void close(int depth) {
    top = bases[depth];
  }

  /**
   * Adds a key that is the vocabulary word of the given index, escaped or not; returns {@code
   * false} when its object already has it.
   */
  boolean addWord(int depth, int word) {
    int at = depth * wordBits + (word >>> 6);
    long bits = words[at];
    long bit = 1L << word;
    words[at] = bits | bit;
    return (bits & bit) == 0;
  }

  /**
   * Adds an unescaped key that is no vocabulary word; returns {@code false} when its object already
   * has it.
   */
  boolean addRaw(int depth, int start, int length) {
    int signature = signature(input, start, length);
    // The common case, kept small so it inlines into the tokenizer: a new bit, a small object.
    int word = depth * BLOOM_WORDS + ((signature >>> 6) & (BLOOM_WORDS - 1));
    long bits = blooms[word];
    long bit = 1L << signature;
    if ((bits & bit) != 0 || top - bases[depth] >= LARGE || top == signatures.length) {
      return add(depth, signature, start, length);
    }
    blooms[word] = bits | bit;
    signatures[top] = signature;
    starts[top] = start;
    lengths[top] = length;
    top++;
    return true;
  }

  /**
   * Adds an unescaped key with the given {@link #signature} when that is cheap: its Bloom bit is
   * new and its small object has room. Returns {@code false} when it did not add the key, which
   * {@link #add} must then do.
   */
  boolean addIfNew(int depth, int signature, int start, int length) {
    int word = depth * BLOOM_WORDS + ((signature >>> 6) & (BLOOM_WORDS - 1));
    long bits = blooms[word];
    long bit = 1L << signature;
    int at = top;
    if ((bits & bit) != 0 || at - bases[depth] >= LARGE || at == signatures.length) {
      return false;
    }
    blooms[word] = bits | bit;
    signatures[at] = signature;
    starts[at] = start;
    lengths[at] = length;
    top = at + 1;
    return true;
  }

  /**
   * Adds a decoded key, given as UTF-16, that is no vocabulary word; returns {@code false} when its
   * object already has it.
   */
  boolean addDecoded(int depth, char[] text, int textLength) {
    int start = decodedLength;
    encodeUtf8(text, textLength);
    int length = decodedLength - start;
    return add(depth, signature(decoded, start, length), -(start + 1), length);
  }

  /** Adds a key by its signature; returns {@code false} when its object already has it. */
  boolean add(int depth, int signature, int start, int length) {
    int base = bases[depth];
    int[] table = tables == null || depth >= tables.length ? null : tables[depth];
    if (table != null) {
      if (findInTable(table, signature, start, length) >= 0) {
        return false;
      }
    } else {
      int word = depth * BLOOM_WORDS + ((signature >>> 6) & (BLOOM_WORDS - 1));
      long bit = 1L << signature;
      if ((blooms[word] & bit) != 0) {
        for (int k = base; k < top; k++) {
          if (signatures[k] == signature
              && lengths[k] == length
              && sameBytes(starts[k], start, length)) {
            return false;
          }
        }
      }
      blooms[word] |= bit;
    }
    push(signature, start, length);
    int count = top - base;
    if (table != null) {
      if (count * 2 > table.length) {
        table = index(base, table.length * 2);
        Objects.requireNonNull(tables, "a table comes from tables")[depth] = table;
      } else {
        insert(table, top - 1);
      }
    } else if (count > LARGE) {
      if (tables == null || depth >= tables.length) {
        tables = Arrays.copyOf(tables == null ? new int[0][] : tables, bases.length);
      }
      tables[depth] = index(base, Integer.highestOneBit(count) * 4);
    }
    return true;
  }

  private void push(int signature, int start, int length) {
    if (top == signatures.length) {
      int capacity = top * 2;
      signatures = Arrays.copyOf(signatures, capacity);
      starts = Arrays.copyOf(starts, capacity);
      lengths = Arrays.copyOf(lengths, capacity);
    }
    signatures[top] = signature;
    starts[top] = start;
    lengths[top] = length;
    top++;
  }

  private int[] index(int base, int size) {
    int[] table = new int[size];
    for (int k = base; k < top; k++) {
      insert(table, k);
    }
    return table;
  }

  private void insert(int[] table, int key) {
    int mask = table.length - 1;
    int slot = contentHash(starts[key], lengths[key]) & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = key + 1;
  }

  private int findInTable(int[] table, int signature, int start, int length) {
    int mask = table.length - 1;
    int slot = contentHash(start, length) & mask;
    while (true) {
      int key = table[slot] - 1;
      if (key < 0) {
        return -1;
      }
      if (signatures[key] == signature
          && lengths[key] == length
          && sameBytes(starts[key], start, length)) {
        return key;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int contentHash(int start, int length) {
    return start >= 0 ? hash(input, start, length) : hash(decoded, -start - 1, length);
  }

  private boolean sameBytes(int startA, int startB, int length) {
    byte[] a = startA >= 0 ? input : decoded;
    int fromA = startA >= 0 ? startA : -startA - 1;
    byte[] b = startB >= 0 ? input : decoded;
    int fromB = startB >= 0 ? startB : -startB - 1;
    return Arrays.equals(a, fromA, fromA + length, b, fromB, fromB + length);
  }

  /** A cheap signature of a key: its length and its first and last eight bytes. */
  static int signature(byte[] bytes, int start, int length) {
    long first;
    long last;
    if (length >= 8) {
      first = (long) LONGS.get(bytes, start);
      last = (long) LONGS.get(bytes, start + length - 8);
    } else {
      if (start + 8 <= bytes.length) {
        first = (long) LONGS.get(bytes, start) & ((1L << (length << 3)) - 1);
      } else {
        first = 0;
        for (int k = 0; k < length; k++) {
          first |= (bytes[start + k] & 0xFFL) << (k << 3);
        }
      }
      last = 0;
    }
    return signature(first, last, length);
  }

  /**
   * The signature of a key from its first eight bytes (little-endian; only the key's own bytes when
   * it is shorter), its last eight bytes (0 when it is shorter than eight) and its length.
   */
  static int signature(long first, long last, int length) {
    // One multiplication; its top byte, which every input bit reaches, becomes the low byte that
    // picks the Bloom filter bit.
    long h = (first ^ Long.rotateLeft(last, 29) ^ length) * 0x9E3779B97F4A7C15L;
    return (int) Long.rotateLeft(h, 8);
  }

  /** Hashes every byte of a key, eight at a time; used only for large objects. */
  static int hash(byte[] bytes, int start, int length) {
    long h = length * 0x9E3779B97F4A7C15L;
    int i = start;
    int end = start + length;
    while (end - i >= 8) {
      h = (h ^ (long) LONGS.get(bytes, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
      i += 8;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    h = (h ^ tail) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    return (int) (h ^ (h >>> 32));
  }

  private void encodeUtf8(char[] text, int textLength) {
    int needed = decodedLength + textLength * 3;
    if (decoded == null || needed > decoded.length) {
      decoded = Arrays.copyOf(decoded == null ? new byte[0] : decoded, Math.max(64, needed * 2));
    }
    byte[] out = decoded;
    int o = decodedLength;
    for (int i = 0; i < textLength; i++) {
      char c = text[i];
      if (c < 0x80) {
        out[o++] = (byte) c;
      } else if (c < 0x800) {
        out[o++] = (byte) (0xC0 | (c >> 6));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < textLength) {
        // The decoder admits only paired surrogates.
        int cp = Character.toCodePoint(c, text[++i]);
        out[o++] = (byte) (0xF0 | (cp >> 18));
        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[o++] = (byte) (0xE0 | (c >> 12));
        out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    decodedLength = o;
  }
}
