package app.mcpproxy.telemetry.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a {@link HostProcess} published: its counts, and its MCP count over time. */
record Progress(long mcp, long retrieveTools, long[] nanos, long[] counts) {

  static Progress read(Path file) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
      if (buffer.capacity() < HostProcess.SIZE) {
        return new Progress(0, 0, new long[0], new long[0]);
      }
      int slots = (int) buffer.getLong(16);
      long[] nanos = new long[slots];
      long[] counts = new long[slots];
      for (int i = 0; i < slots; i++) {
        nanos[i] = buffer.getLong(24 + 16 * i);
        counts[i] = buffer.getLong(24 + 16 * i + 8);
      }
      return new Progress(buffer.getLong(0), buffer.getLong(8), nanos, counts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The MCP count published at or before {@code nanoTime}; 0 before the first slot. */
  long countAt(long nanoTime) {
    long count = 0;
    for (int i = 0; i < nanos.length; i++) {
      if (nanos[i] <= nanoTime) {
        count = counts[i];
      }
    }
    return count;
  }
}
