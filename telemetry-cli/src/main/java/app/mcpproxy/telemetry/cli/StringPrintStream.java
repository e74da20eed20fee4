package app.mcpproxy.telemetry.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A {@link PrintStream} that collects text, for library calls that print to a stream. */
final class StringPrintStream {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  PrintStream stream() {
    return stream;
  }

  String text() {
    stream.flush();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
