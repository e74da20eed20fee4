package app.mcpproxy.telemetry.privacy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * A fixed set of ASCII words, looked up by raw bytes: an open-addressing table of {@link
 * ObjectKeys#signature key signatures}, confirmed by comparing the bytes eight at a time. Each word
 * has an index, below {@link #size()}.
 *
 * <p>{@link #isQuotedAt} tells whether one given word, closing quote included, starts at a
 * position: cheaper than a lookup when the caller can guess the word, as a scan of payloads that
 * one writer made in one order can.
 */
final class WordTable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // Four longs a slot, one cache line for two slots: signature and length + 1 (0 when empty), the
  // first eight bytes, the last eight bytes, the word's index.
  private final long[] slots;
  private final byte[][] words;
  private final int mask;
  private final int shift;
  // Per word: its bytes and closing quote as little-endian longs, the first eight (masked to the
  // quoted length when shorter) and the last eight, and that length.
  private final long[] quotedFirst;
  private final long[] quotedFirstMask;
  private final long[] quotedLast;
  private final int[] quotedLength;

  WordTable(Collection<String> words) {
    int count = words.size();
    int size = Integer.highestOneBit(Math.max(1, count) * 4);
    this.slots = new long[size * 4];
    this.mask = size - 1;
    this.shift = 32 - Integer.numberOfTrailingZeros(size);
    this.words = new byte[count][];
    this.quotedFirst = new long[count];
    this.quotedFirstMask = new long[count];
    this.quotedLast = new long[count];
    this.quotedLength = new int[count];
    int w = 0;
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
      this.words[w] = bytes;
      byte[] quoted = Arrays.copyOf(bytes, bytes.length + 1);
      quoted[bytes.length] = '"';
      quotedLength[w] = quoted.length;
      quotedFirst[w] = first(quoted, 0, quoted.length);
      quotedFirstMask[w] = quoted.length >= 8 ? -1L : (1L << (quoted.length << 3)) - 1;
      quotedLast[w] = last(quoted, 0, quoted.length);
      long first = first(bytes, 0, bytes.length);
      long last = last(bytes, 0, bytes.length);
      int signature = ObjectKeys.signature(first, last, bytes.length);
      int slot = slot(signature);
      while (slots[slot * 4] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot * 4] = key(signature, bytes.length);
      slots[slot * 4 + 1] = first;
      slots[slot * 4 + 2] = last;
      slots[slot * 4 + 3] = w;
      w++;
    }
  }

  private static long key(int signature, int length) {
    return ((long) signature << 32) | (length + 1);
  }

  // Signatures are well mixed in their low byte only: spread them over the whole table.
  private int slot(int signature) {
    return (signature * 0x9E3779B9) >>> shift;
  }

  /** The first eight bytes of {@code in[from, from + length)}, little-endian, zero-padded. */
  static long first(byte[] in, int from, int length) {
    if (length >= 8 || from + 8 <= in.length) {
      long word = (long) LONGS.get(in, from);
      return length >= 8 ? word : word & ((1L << (length << 3)) - 1);
    }
    long word = 0;
    for (int k = 0; k < length; k++) {
      word |= (in[from + k] & 0xFFL) << (k << 3);
    }
    return word;
  }

  /** The last eight bytes of {@code in[from, from + length)}, or 0 when it is shorter. */
  static long last(byte[] in, int from, int length) {
    return length >= 8 ? (long) LONGS.get(in, from + length - 8) : 0;
  }

  /** The number of words. */
  int size() {
    return words.length;
  }

  /** The length of a word in bytes. */
  int length(int word) {
    return words[word].length;
  }

  /** The index of a word, or -1 when it is none. */
  int indexOf(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    return indexOf(bytes, 0, bytes.length);
  }

  /** Tells whether {@code in[from, from + length)} is one of the words. */
  boolean contains(byte[] in, int from, int length) {
    return indexOf(in, from, length) >= 0;
  }

  /** The index of the word {@code in[from, from + length)}, or -1 when it is none. */
  int indexOf(byte[] in, int from, int length) {
    long first = first(in, from, length);
    long last = last(in, from, length);
    return indexOf(ObjectKeys.signature(first, last, length), first, last, in, from, length);
  }

  /**
   * Tells whether {@code in[from, from + length)} is one of the words, given its {@link #first},
   * {@link #last} and signature.
   */
  boolean contains(int signature, long first, long last, byte[] in, int from, int length) {
    return indexOf(signature, first, last, in, from, length) >= 0;
  }

  /**
   * The index of the word {@code in[from, from + length)}, or -1 when it is none, given its {@link
   * #first}, {@link #last} and signature.
   */
  int indexOf(int signature, long first, long last, byte[] in, int from, int length) {
    long[] slots = this.slots;
    long key = key(signature, length);
    int slot = slot(signature);
    while (true) {
      int at = slot * 4;
      long candidate = slots[at];
      // One branch for the common outcome, a word found at its first slot.
      if (((candidate ^ key) | (slots[at + 1] ^ first) | (slots[at + 2] ^ last)) == 0) {
        int word = (int) slots[at + 3];
        return length <= 16 || middleEquals(words[word], in, from, length) ? word : -1;
      }
      if (candidate == 0) {
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Tells whether {@code in} holds the given word and then a quote at {@code from}. Answers {@code
   * false} when fewer than eight bytes are left there, which a caller must take as "not known".
   */
  boolean isQuotedAt(int word, byte[] in, int from) {
    int length = quotedLength[word];
    if (from > in.length - Math.max(8, length)) {
      return false;
    }
    if ((((long) LONGS.get(in, from) ^ quotedFirst[word]) & quotedFirstMask[word]) != 0) {
      return false;
    }
    if (length <= 8) {
      return true;
    }
    if ((long) LONGS.get(in, from + length - 8) != quotedLast[word]) {
      return false;
    }
    return length <= 16 || middleEquals(words[word], in, from, length);
  }

  private static boolean middleEquals(byte[] word, byte[] in, int from, int length) {
    long difference = 0;
    for (int k = 8; k < length - 8; k += 8) {
      difference |= (long) LONGS.get(word, k) ^ (long) LONGS.get(in, from + k);
    }
    return difference == 0;
  }
}
