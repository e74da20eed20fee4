package app.mcpproxy.telemetry.counters;

import java.util.concurrent.atomic.LongAdder;

/**
 * Maintenance operations on one counter. Callers hold the registry's maintenance lock, so the only
 * concurrent changes are increments and a counter never goes below zero.
 */
final class Adders {
  private Adders() {}

  static LongAdder[] create(int size) {
    LongAdder[] adders = new LongAdder[size];
    for (int i = 0; i < size; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /**
   * Removes {@code n}, or everything there is when that is less, as after a reset that happened
   * while a send was in flight. For a count read from this counter earlier it removes exactly
   * {@code n}, because since then the counter has only grown.
   */
  static void subtract(LongAdder adder, long n) {
    if (n > 0) {
      adder.add(-Math.min(n, adder.sum()));
    }
  }

  /** Adds a restored count; zero and negative counts are ignored. */
  static void add(LongAdder adder, long n) {
    if (n > 0) {
      adder.add(n);
    }
  }

  /**
   * Zeroes the counter by subtracting what it holds, so an increment racing with the reset is
   * either cleared or kept whole, never lost halfway as with {@link LongAdder#reset()}.
   */
  static void clear(LongAdder adder) {
    adder.add(-adder.sum());
  }
}
