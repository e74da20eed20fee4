package app.mcpproxy.telemetry.config;

import java.util.Objects;

/**
 * A parsed config file: its top-level object and the layout details a rewrite keeps.
 *
 * @param root the top-level object
 * @param lineSeparator {@code "\n"}, or {@code "\r\n"} when the file used Windows line ends
 * @param finalNewline whether the text ends with a line separator
 */
record JsonDocument(JsonObject root, String lineSeparator, boolean finalNewline) {

  JsonDocument {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(lineSeparator, "lineSeparator");
  }

  /** A document with an empty top-level object, as written for a new file. */
  static JsonDocument empty() {
    return new JsonDocument(JsonObject.empty(), "\n", true);
  }

  JsonDocument withRoot(JsonObject newRoot) {
    return new JsonDocument(newRoot, lineSeparator, finalNewline);
  }
}
