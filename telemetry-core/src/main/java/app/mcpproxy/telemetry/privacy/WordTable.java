package app.mcpproxy.telemetry.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * A fixed set of ASCII words, looked up by raw bytes: an open-addressing table of {@link
 * ObjectKeys#signature key signatures}, confirmed by comparing the bytes.
 */
final class WordTable {
  private final int[] slots;
  private final int[] signatures;
  private final byte[][] words;
  private final int mask;

  WordTable(Collection<String> words) {
    int size = Integer.highestOneBit(Math.max(1, words.size()) * 4);
    this.slots = new int[size];
    this.mask = size - 1;
    this.words = new byte[words.size()][];
    this.signatures = new int[words.size()];
    int w = 0;
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
      this.words[w] = bytes;
      signatures[w] = ObjectKeys.signature(bytes, 0, bytes.length);
      int slot = signatures[w] & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = w + 1;
      w++;
    }
  }

  boolean contains(int signature, byte[] in, int from, int length) {
    int slot = signature & mask;
    while (true) {
      int w = slots[slot] - 1;
      if (w < 0) {
        return false;
      }
      if (signatures[w] == signature) {
        byte[] word = words[w];
        if (word.length == length && Arrays.equals(word, 0, length, in, from, from + length)) {
          return true;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
}
