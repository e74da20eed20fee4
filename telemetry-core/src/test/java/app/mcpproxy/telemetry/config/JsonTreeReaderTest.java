package app.mcpproxy.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTreeReaderTest {

  @Test
  void keepsTheSourceTextOfScalarsAndKeys() throws Exception {
    JsonDocument document =
        JsonTreeReader.parse(
            "{\"k\\u00e9y\": [1.0, 1e3, -0, 123456789012345678901234567890, \"a\\u003cb\", true,"
                + " false, null]}",
            "t");

    JsonMember member = document.root().members().get(0);
    assertThat(member.rawKey()).isEqualTo("\"k\\u00e9y\"");
    assertThat(member.key()).isEqualTo("kéy");
    List<JsonValue> elements = ((JsonArray) member.value()).elements();
    assertThat(elements)
        .extracting(value -> ((JsonScalar) value).raw())
        .containsExactly(
            "1.0",
            "1e3",
            "-0",
            "123456789012345678901234567890",
            "\"a\\u003cb\"",
            "true",
            "false",
            "null");
    assertThat(((JsonScalar) elements.get(4)).asString()).contains("a<b");
  }

  @Test
  void findsTheEndOfStringsWithEscapedQuotesAndBackslashes() throws Exception {
    JsonObject root =
        JsonTreeReader.parse("{\"a\\\\\": \"x\\\\\", \"b\\\"\": \"\\\"y\\\"\"}", "t").root();

    assertThat(root.members())
        .extracting(JsonMember::rawKey)
        .containsExactly("\"a\\\\\"", "\"b\\\"\"");
    assertThat(root.getString("a\\")).contains("x\\");
    assertThat(root.getString("b\"")).contains("\"y\"");
  }

  @Test
  void recordsLineEndsAndFinalNewline() throws Exception {
    assertThat(JsonTreeReader.parse("{\r\n}\r\n", "t"))
        .isEqualTo(new JsonDocument(JsonObject.empty(), "\r\n", true));
    assertThat(JsonTreeReader.parse("{}", "t"))
        .isEqualTo(new JsonDocument(JsonObject.empty(), "\n", false));
  }

  @Test
  void keepsDuplicateKeysAndReadsTheLast() throws Exception {
    JsonObject root = JsonTreeReader.parse("{\"a\": 1, \"a\": \"two\"}", "t").root();

    assertThat(root.members()).hasSize(2);
    assertThat(root.getString("a")).contains("two");
  }

  @Test
  void aSyntaxErrorNeverQuotesTheFileContent() {
    // An unquoted secret in a hand-edited config: the message is logged and printed, so it names
    // the position but must not echo the token.
    String secret = "ghp_0123456789abcdefSECRET";
    assertThatThrownBy(
            () ->
                JsonTreeReader.parse(
                    "{\"mcpServers\": {\"gh\": {\"env\": {\"GITHUB_TOKEN\": " + secret + "}}}}",
                    "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 1, column")
        .satisfies(
            e -> {
              // Neither the message nor a cause a host might log with its stack trace.
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
              }
            });
  }
}
