package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.activation.McpClients;
import app.mcpproxy.telemetry.env.Platform;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.model.WireValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public "what we collect" page against the schema and the client library's vocabularies. */
class WhatWeCollectPageTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SCHEMA =
      "/app/mcpproxy/telemetry/collector/http/heartbeat-v3.schema.json";

  @TempDir Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Collector collector;

  @BeforeEach
  void start() throws Exception {
    collector =
        Collector.builder(CollectorOptions.defaults(dataDir).withListen("127.0.0.1:0")).build();
    collector.start();
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void theHtmlPageNamesEverySchemaFieldAndEveryValueTheSchemaAllows() throws Exception {
    HttpResponse<String> page = get("what-we-collect");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    Schema schema = schema();
    assertThat(schema.fields()).hasSizeGreaterThan(60);
    for (String field : schema.fields()) {
      assertThat(page.body()).as(field).contains("<code>" + escaped(field) + "</code>");
    }
    for (String value : schema.values()) {
      assertThat(page.body()).as(value).contains("<code>" + value + "</code>");
    }
  }

  @Test
  void theHtmlPageListsEveryVocabularyOfTheClientLibrary() throws Exception {
    String page = get("what-we-collect").body();

    for (String word : libraryVocabulary()) {
      assertThat(page).as(word).contains("<code>" + word + "</code>");
    }
  }

  @Test
  void theHtmlPageStatesTheFoldAndHowToSeeAndStopWhatIsSent() throws Exception {
    String page = get("what-we-collect").body();

    assertThat(page)
        .contains("fewer than 5 installs")
        .contains("other")
        .contains("mcpproxy-telemetry show-payload")
        .contains("mcpproxy-telemetry status")
        .contains("mcpproxy-telemetry disable")
        .contains("mcpproxy-telemetry forget")
        .contains("href=\"/\"");
    for (EnvDisabledReason reason : EnvDisabledReason.values()) {
      if (reason != EnvDisabledReason.NONE) {
        assertThat(page).contains("<code>" + reason.wireName() + "</code>");
      }
    }
  }

  @Test
  void theJsonGivesTheSameFieldsWithAMeaningForEach() throws Exception {
    HttpResponse<String> response = get("v1/what-we-collect");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = MAPPER.readTree(response.body());
    List<String> paths = new ArrayList<>();
    for (JsonNode field : body.get("fields")) {
      paths.add(field.get("path").asText());
      assertThat(field.get("meaning").asText()).as(field.get("path").asText()).isNotBlank();
    }
    assertThat(paths).containsAll(schema().fields());
    assertThat(body.at("/fold/min_group_installs").asInt()).isEqualTo(5);
    List<String> words = new ArrayList<>();
    body.get("vocabularies").forEach(v -> v.get("values").forEach(w -> words.add(w.asText())));
    assertThat(words).containsAll(libraryVocabulary());
    assertThat(body.get("see_and_stop").size()).isGreaterThanOrEqualTo(6);
  }

  @Test
  void theDashboardLinksToThePage() throws Exception {
    assertThat(get("").body()).contains("href=\"/what-we-collect\"");
  }

  private static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(collector.baseUri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every value the client library's enums and lists can put in a heartbeat. */
  private static List<String> libraryVocabulary() {
    List<String> words = new ArrayList<>();
    Stream.<WireValue[]>of(
            Surface.values(),
            BuiltinTool.values(),
            ErrorCategory.values(),
            EnvKind.values(),
            LaunchSource.values(),
            Edition.values(),
            StartupOutcome.values())
        .flatMap(Stream::of)
        .forEach(value -> words.add(value.wireName()));
    words.addAll(McpClients.knownNames());
    words.add(McpClients.OTHER);
    words.addAll(Platform.operatingSystems());
    words.addAll(Platform.architectures());
    return words;
  }

  /** The schema's field paths (a map's key as {@code <key>}) and its enum values, read here. */
  private record Schema(List<String> fields, TreeSet<String> values) {}

  private static Schema schema() throws Exception {
    JsonNode root;
    try (InputStream in = WhatWeCollectPageTest.class.getResourceAsStream(SCHEMA)) {
      root = MAPPER.readTree(in);
    }
    List<String> fields = new ArrayList<>();
    TreeSet<String> values = new TreeSet<>();
    collect("", root, root.get("$defs"), fields, values);
    return new Schema(fields, values);
  }

  private static void collect(
      String prefix, JsonNode node, JsonNode defs, List<String> fields, TreeSet<String> values) {
    if (node.has("$ref")) {
      node = defs.get(node.get("$ref").asText().substring("#/$defs/".length()));
    }
    node.path("enum").forEach(v -> values.add(v.asText()));
    node.path("items").path("enum").forEach(v -> values.add(v.asText()));
    node.path("anyOf").forEach(alternative -> collect(prefix, alternative, defs, fields, values));
    for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
      String path = prefix + property.getKey();
      fields.add(path);
      collect(path + ".", property.getValue(), defs, fields, values);
    }
    if (node.path("additionalProperties").isObject()) {
      fields.add(prefix + "<key>");
      collect(prefix + "<key>.", node.get("additionalProperties"), defs, fields, values);
    }
  }
}
