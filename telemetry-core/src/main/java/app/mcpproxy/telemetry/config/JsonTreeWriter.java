package app.mcpproxy.telemetry.config;

import java.util.List;

/**
 * Writes a {@link JsonDocument} the way mcpproxy writes its config (Go's {@code json.MarshalIndent}
 * with two spaces): one member or element per line, {@code "key": value}, empty containers as
 * {@code {}} and {@code []}, scalars exactly as they were read.
 */
final class JsonTreeWriter {
  private static final String INDENT = "  ";

  private JsonTreeWriter() {}

  static String write(JsonDocument document) {
    StringBuilder out = new StringBuilder();
    new Output(out, document.lineSeparator()).value(document.root(), 0);
    if (document.finalNewline()) {
      out.append(document.lineSeparator());
    }
    return out.toString();
  }

  private static final class Output {
    private final StringBuilder out;
    private final String newline;

    Output(StringBuilder out, String newline) {
      this.out = out;
      this.newline = newline;
    }

    void value(JsonValue value, int depth) {
      if (value instanceof JsonObject object) {
        object(object.members(), depth);
      } else if (value instanceof JsonArray array) {
        array(array.elements(), depth);
      } else {
        out.append(((JsonScalar) value).raw());
      }
    }

    private void object(List<JsonMember> members, int depth) {
      if (members.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      for (int i = 0; i < members.size(); i++) {
        lineStart(depth + 1);
        JsonMember member = members.get(i);
        out.append(member.rawKey()).append(": ");
        value(member.value(), depth + 1);
        if (i < members.size() - 1) {
          out.append(',');
        }
      }
      lineStart(depth);
      out.append('}');
    }

    private void array(List<JsonValue> elements, int depth) {
      if (elements.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < elements.size(); i++) {
        lineStart(depth + 1);
        value(elements.get(i), depth + 1);
        if (i < elements.size() - 1) {
          out.append(',');
        }
      }
      lineStart(depth);
      out.append(']');
    }

    private void lineStart(int depth) {
      out.append(newline);
      out.append(INDENT.repeat(depth));
    }
  }
}
