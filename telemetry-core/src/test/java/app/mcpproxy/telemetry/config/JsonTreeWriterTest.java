package app.mcpproxy.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTreeWriterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{}\n",
        "{\n  \"a\": 1\n}",
        "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    {\n      \"d\": null\n    },\n    [\n"
            + "      \"e\"\n    ]\n  ]\n}\n",
        "{\r\n  \"a\": {\r\n    \"b\": 1.50\r\n  }\r\n}",
      })
  void rewritesTwoSpaceIndentedJsonUnchanged(String json) throws Exception {
    assertThat(JsonTreeWriter.write(JsonTreeReader.parse(json, "t"))).isEqualTo(json);
  }

  @Test
  void indentsCompactJsonWithTwoSpaces() throws Exception {
    String written =
        JsonTreeWriter.write(JsonTreeReader.parse("{\"a\":[1,{\"b\":\"c\"}],\"d\":{}}", "t"));

    assertThat(written)
        .isEqualTo("{\n  \"a\": [\n    1,\n    {\n      \"b\": \"c\"\n    }\n  ],\n  \"d\": {}\n}");
  }

  @Test
  void escapesNewStrings() {
    JsonObject root =
        JsonObject.empty().with("k\"ey", JsonScalar.string("line\nquote\" \\ \u0001"));

    assertThat(JsonTreeWriter.write(new JsonDocument(root, "\n", false)))
        .isEqualTo("{\n  \"k\\\"ey\": \"line\\nquote\\\" \\\\ \\u0001\"\n}");
  }

  @Test
  void editsTheLastDuplicateInPlaceAndRemovesAllDuplicates() {
    JsonObject root =
        new JsonObject(
            List.of(
                JsonMember.of("a", JsonScalar.bool(true)),
                JsonMember.of("b", JsonScalar.bool(true)),
                JsonMember.of("a", JsonScalar.bool(true))));

    assertThat(
            JsonTreeWriter.write(
                new JsonDocument(root.with("a", JsonScalar.bool(false)), "\n", false)))
        .isEqualTo("{\n  \"a\": true,\n  \"b\": true,\n  \"a\": false\n}");
    assertThat(JsonTreeWriter.write(new JsonDocument(root.without("a"), "\n", false)))
        .isEqualTo("{\n  \"b\": true\n}");
  }
}
