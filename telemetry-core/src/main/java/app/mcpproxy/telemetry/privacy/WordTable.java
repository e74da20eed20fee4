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
 * <p>{@link #quotedEnd} tells whether one given word, closing quote included, starts at a position:
 * cheaper than a lookup when the caller can guess the word, as a scan of payloads that one writer
 * made in one order can.
 */
final class WordTable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // Four longs a slot, one cache line for two slots: signature and length + 1 (0 when empty), the
  // first eight bytes, the last eight bytes, the word's index. A lookup of a string that is no
  // word mostly reads only the small array of the slots' signatures with the low bit set (0 when
  // empty).
  private final long[] slots;
  private final int[] tags;
  private final byte[][] words;
  private final int mask;
  private final int shift;
  // Four longs a word: its bytes and closing quote as little-endian longs, the first eight, a mask
  // of the quoted length when shorter, the last eight, and its quoted length and the offset of its
  // middle eight-byte groups in quotedMiddles.
  private final long[] quoted;
  private final long[] quotedMiddles;

  WordTable(Collection<String> words) {
    int count = words.size();
    int size = Integer.highestOneBit(Math.max(1, count) * 4);
    this.slots = new long[size * 4];
    this.tags = new int[size];
    this.mask = size - 1;
    this.shift = 32 - Integer.numberOfTrailingZeros(size);
    this.words = new byte[count][];
    this.quoted = new long[count * 4];
    long[] middles = new long[0];
    int w = 0;
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
      this.words[w] = bytes;
      byte[] withQuote = Arrays.copyOf(bytes, bytes.length + 1);
      withQuote[bytes.length] = '"';
      int length = withQuote.length;
      int middle = middles.length;
      for (int k = 8; k < length - 8; k += 8) {
        middles = Arrays.copyOf(middles, middles.length + 1);
        middles[middles.length - 1] = (long) LONGS.get(withQuote, k);
      }
      quoted[w * 4] = first(withQuote, 0, length);
      quoted[w * 4 + 1] = length >= 8 ? -1L : (1L << (length << 3)) - 1;
      quoted[w * 4 + 2] = last(withQuote, 0, length);
      quoted[w * 4 + 3] = ((long) middle << 32) | length;
      long first = first(bytes, 0, bytes.length);
      long last = last(bytes, 0, bytes.length);
      int signature = ObjectKeys.signature(first, last, bytes.length);
      int slot = slot(signature);
      while (slots[slot * 4] != 0) {
        slot = (slot + 1) & mask;
      }
      tags[slot] = signature | 1;
      slots[slot * 4] = key(signature, bytes.length);
      slots[slot * 4 + 1] = first;
      slots[slot * 4 + 2] = last;
      slots[slot * 4 + 3] = w;
      w++;
    }
    this.quotedMiddles = middles;
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
   * The index of the word {@code in[from, from + length)}, or -1 when it is none, given its {@link
   * #first}, {@link #last} and signature.
   */
  int indexOf(int signature, long first, long last, byte[] in, int from, int length) {
    long[] slots = this.slots;
    int[] tags = this.tags;
    long key = key(signature, length);
    int tag = signature | 1;
    int slot = slot(signature);
    while (true) {
      int found = tags[slot];
      if (found == 0) {
        return -1;
      }
      if (found != tag) {
        slot = (slot + 1) & mask;
        continue;
      }
      int at = slot * 4;
      if (((slots[at] ^ key) | (slots[at + 1] ^ first) | (slots[at + 2] ^ last)) == 0) {
        int word = (int) slots[at + 3];
        return length <= 16 || middleEquals(words[word], in, from, length) ? word : -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Tells whether {@code in} holds the given word and then a quote at {@code from}: returns the
   * index after the quote, or -1 when it does not or when fewer than eight bytes are left there,
   * which a caller must take as "not known".
   */
  int quotedEnd(int word, byte[] in, int from) {
    long[] quoted = this.quoted;
    int at = word * 4;
    long lengthAndMiddle = quoted[at + 3];
    int length = (int) lengthAndMiddle;
    if (from > in.length - Math.max(8, length)
        || (((long) LONGS.get(in, from) ^ quoted[at]) & quoted[at + 1]) != 0) {
      return -1;
    }
    if (length > 8) {
      int middle = (int) (lengthAndMiddle >>> 32);
      for (int k = 8; k < length - 8; k += 8) {
        if ((long) LONGS.get(in, from + k) != quotedMiddles[middle++]) {
          return -1;
        }
      }
      if ((long) LONGS.get(in, from + length - 8) != quoted[at + 2]) {
        return -1;
      }
    }
    return from + length;
  }

  private static boolean middleEquals(byte[] word, byte[] in, int from, int length) {
    long difference = 0;
    for (int k = 8; k < length - 8; k += 8) {
      difference |= (long) LONGS.get(word, k) ^ (long) LONGS.get(in, from + k);
    }
    return difference == 0;
  }
}
