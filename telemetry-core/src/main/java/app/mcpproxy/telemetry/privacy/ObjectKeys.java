package app.mcpproxy.telemetry.privacy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The keys seen in every object of one payload, to find a duplicated key in linear time. Keys are
 * compared by their decoded UTF-8 bytes: an unescaped key is its own bytes in the input, an escaped
 * one is re-encoded into a side buffer first. One hash table serves all objects, keyed by object
 * number and key, so nothing needs clearing when an object closes.
 */
final class ObjectKeys {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] input;
  private byte[] decoded = new byte[64];
  private int decodedLength;

  private int[] objects;
  private int[] hashes;
  // >= 0: offset in the input; < 0: -(offset + 1) in the decoded buffer.
  private int[] starts;
  private int[] lengths;
  private int count;

  private int[] slots;

  ObjectKeys(byte[] input) {
    this.input = input;
    int expected = Math.max(16, input.length / 24);
    objects = new int[expected];
    hashes = new int[expected];
    starts = new int[expected];
    lengths = new int[expected];
    slots = new int[Integer.highestOneBit(expected * 2 - 1) << 1];
  }

  /** Adds an unescaped key; returns {@code false} when the object already has it. */
  boolean addRaw(int object, int start, int length) {
    return add(object, hash(input, start, length), start, length);
  }

  /** Adds a decoded key, given as UTF-16; returns {@code false} when the object already has it. */
  boolean addDecoded(int object, char[] text, int textLength) {
    int start = decodedLength;
    encodeUtf8(text, textLength);
    int length = decodedLength - start;
    return add(object, hash(decoded, start, length), -(start + 1), length);
  }

  /** Tells whether the most recently added key equals the given ASCII bytes. */
  boolean lastEquals(byte[] ascii) {
    int i = count - 1;
    int start = starts[i];
    int length = lengths[i];
    if (length != ascii.length) {
      return false;
    }
    return start >= 0
        ? Arrays.equals(input, start, start + length, ascii, 0, length)
        : Arrays.equals(decoded, -start - 1, -start - 1 + length, ascii, 0, length);
  }

  private boolean add(int object, int hash, int start, int length) {
    int mask = slots.length - 1;
    int slot = mix(hash, object) & mask;
    while (true) {
      int entry = slots[slot] - 1;
      if (entry < 0) {
        break;
      }
      if (objects[entry] == object
          && hashes[entry] == hash
          && lengths[entry] == length
          && sameBytes(starts[entry], start, length)) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    if (count == objects.length) {
      grow();
      return add(object, hash, start, length);
    }
    objects[count] = object;
    hashes[count] = hash;
    starts[count] = start;
    lengths[count] = length;
    count++;
    slots[slot] = count;
    if (count * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    return true;
  }

  private boolean sameBytes(int startA, int startB, int length) {
    byte[] a = startA >= 0 ? input : decoded;
    int fromA = startA >= 0 ? startA : -startA - 1;
    byte[] b = startB >= 0 ? input : decoded;
    int fromB = startB >= 0 ? startB : -startB - 1;
    return Arrays.equals(a, fromA, fromA + length, b, fromB, fromB + length);
  }

  private void grow() {
    int capacity = objects.length * 2;
    objects = Arrays.copyOf(objects, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
    starts = Arrays.copyOf(starts, capacity);
    lengths = Arrays.copyOf(lengths, capacity);
  }

  private void rehash(int size) {
    int[] table = new int[size];
    int mask = size - 1;
    for (int entry = 0; entry < count; entry++) {
      int slot = mix(hashes[entry], objects[entry]) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = entry + 1;
    }
    slots = table;
  }

  private static int mix(int hash, int object) {
    int h = (hash ^ (object * 0x9E3779B9)) * 0x85EBCA6B;
    return h ^ (h >>> 15);
  }

  /** Hashes every byte of a key, eight at a time. */
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
    if (i < end) {
      if (length >= 8) {
        // Re-read the last eight bytes; overlapping is fine for a hash.
        tail = (long) LONGS.get(bytes, end - 8);
      } else {
        for (int shift = 0; i < end; i++, shift += 8) {
          tail |= (bytes[i] & 0xFFL) << shift;
        }
      }
    }
    h = (h ^ tail) * 0x94D049BB133111EBL;
    h ^= h >>> 31;
    return (int) (h ^ (h >>> 32));
  }

  private void encodeUtf8(char[] text, int textLength) {
    ensureDecoded(textLength * 3);
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

  private void ensureDecoded(int extra) {
    if (decodedLength + extra > decoded.length) {
      decoded = Arrays.copyOf(decoded, Math.max(decoded.length * 2, decodedLength + extra));
    }
  }
}
