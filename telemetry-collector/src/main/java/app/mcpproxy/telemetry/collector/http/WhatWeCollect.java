package app.mcpproxy.telemetry.collector.http;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public "what we collect" page: every heartbeat field with what it means and its vocabulary or
 * grammar, the fold rule of the statistics, and how a person sees and stops what their machine
 * sends. Generated once from the heartbeat's schema (the same file intake validates against) and
 * the client library's vocabularies, so it cannot say other than what the code does; only the
 * sentences that say what a field means are written by hand, next to the schema.
 */
public final class WhatWeCollect {
  static final String MEANINGS = "what-we-collect.properties";

  /** The mark of a map's key in a field's path, such as {@code doctor_checks.<key>.pass}. */
  static final String KEY = "<key>";

  /**
   * One field of the heartbeat.
   *
   * @param path its dotted path; {@value #KEY} stands for a key of a map
   * @param type its JSON type
   * @param required whether every heartbeat carries it
   * @param meaning what it means
   * @param values its closed vocabulary, empty when it has a grammar instead
   * @param grammar the rules its value follows beyond its type
   */
  public record Field(
      String path,
      String type,
      boolean required,
      String meaning,
      List<String> values,
      List<String> grammar) {}

  /**
   * A closed list of words the client library sends from.
   *
   * @param name what the words are
   * @param fields where they appear
   * @param values the words
   */
  public record Vocabulary(String name, String fields, List<String> values) {}

  /**
   * A way for a person to see or stop what their machine sends.
   *
   * @param kind {@code see}, {@code stop} or {@code erase}
   * @param how the command, variable or setting
   * @param what what it does
   */
  public record Control(String kind, String how, String what) {}

  private final List<Field> fields;
  private final List<Vocabulary> vocabularies;
  private final List<Control> controls;
  private final int minGroupInstalls;
  private final Map<String, Object> json;
  private final byte[] html;

  private WhatWeCollect(
      List<Field> fields,
      List<Vocabulary> vocabularies,
      List<Control> controls,
      int minGroupInstalls) {
    this.fields = List.copyOf(fields);
    this.vocabularies = List.copyOf(vocabularies);
    this.controls = List.copyOf(controls);
    this.minGroupInstalls = minGroupInstalls;
    this.json = json();
    this.html = html().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Builds the page from the heartbeat schema and the library's vocabularies.
   *
   * @param mapper reads the schema
   * @param minGroupInstalls the fold: the smallest group the statistics show by name
   * @return the page
   * @throws IllegalStateException when a schema field has no meaning written for it
   */
  public static WhatWeCollect load(ObjectMapper mapper, int minGroupInstalls) {
    JsonNode schema;
    try (InputStream in = WhatWeCollect.class.getResourceAsStream(HeartbeatSchema.RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + HeartbeatSchema.RESOURCE);
      }
      schema = mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + HeartbeatSchema.RESOURCE, e);
    }
    Properties meanings = new Properties();
    try (InputStream in = WhatWeCollect.class.getResourceAsStream(MEANINGS)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + MEANINGS);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        meanings.load(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MEANINGS, e);
    }
    List<Field> fields = new ArrayList<>();
    new SchemaWalk(schema.path("$defs"), meanings, fields).walk("", schema);
    return new WhatWeCollect(fields, libraryVocabularies(), controls(), minGroupInstalls);
  }

  /** The words the client library sends from, read from its own enums and lists. */
  private static List<Vocabulary> libraryVocabularies() {
    List<String> clients = new ArrayList<>(McpClients.knownNames());
    clients.add(McpClients.OTHER);
    return List.of(
        new Vocabulary("Surfaces", "surface_requests", wireNames(Surface.values())),
        new Vocabulary("Built-in tools", "builtin_tool_calls", wireNames(BuiltinTool.values())),
        new Vocabulary(
            "Error categories", "error_category_counts", wireNames(ErrorCategory.values())),
        new Vocabulary("Environment kinds", "env_kind", wireNames(EnvKind.values())),
        new Vocabulary("Launch sources", "launch_source", wireNames(LaunchSource.values())),
        new Vocabulary("Editions", "edition", wireNames(Edition.values())),
        new Vocabulary(
            "Start-up outcomes", "last_startup_outcome", wireNames(StartupOutcome.values())),
        new Vocabulary("MCP clients", "activation.mcp_clients_seen_ever", clients),
        new Vocabulary(
            "Operating systems", "os", List.copyOf(new TreeSet<>(Platform.operatingSystems()))),
        new Vocabulary(
            "Architectures", "arch", List.copyOf(new TreeSet<>(Platform.architectures()))));
  }

  private static List<String> wireNames(WireValue[] values) {
    return Stream.of(values).map(WireValue::wireName).toList();
  }

  /** How a person sees and stops what their machine sends, with the library's own switches. */
  private static List<Control> controls() {
    List<Control> controls = new ArrayList<>();
    controls.add(
        new Control(
            "see",
            "mcpproxy-telemetry show-payload",
            "prints the exact JSON of the next heartbeat; no network, nothing changed on disk"));
    controls.add(
        new Control(
            "see",
            "mcpproxy-telemetry status",
            "says whether telemetry is on and which setting decided it, the anonymous id, the"
                + " endpoint, and how often something was kept back instead of sent"));
    controls.add(
        new Control("see", "mcpproxy-telemetry log", "lists what was actually sent, newest first"));
    controls.add(
        new Control(
            "stop",
            "mcpproxy-telemetry disable",
            "writes \"telemetry\": {\"enabled\": false} into the host's config file; nothing is"
                + " sent and no connection is made"));
    for (EnvDisabledReason reason : EnvDisabledReason.values()) {
      if (reason != EnvDisabledReason.NONE) {
        controls.add(new Control("stop", reason.wireName(), optOutMeaning(reason)));
      }
    }
    controls.add(
        new Control(
            "erase",
            "mcpproxy-telemetry forget",
            "asks the collector to delete everything it holds for the install's anonymous id"
                + " (DELETE /v1/installs/{anonymous_id}), then makes a new id that nothing links"
                + " to the old one"));
    return controls;
  }

  private static String optOutMeaning(EnvDisabledReason reason) {
    return switch (reason) {
      case DO_NOT_TRACK ->
          "environment variable: set to anything but 0, it switches telemetry off before any"
              + " setting is read";
      case CI -> "environment variable: true, 1 or yes switches telemetry off";
      case MCPPROXY_TELEMETRY -> "environment variable: false, 0, no or off switches telemetry off";
      case NONE -> "";
    };
  }

  /** The fields, in the schema's order. */
  public List<Field> fields() {
    return fields;
  }

  /** The vocabularies of the client library. */
  public List<Vocabulary> vocabularies() {
    return vocabularies;
  }

  /** The page as JSON, for {@code GET /v1/what-we-collect}. */
  Map<String, Object> asJson() {
    return json;
  }

  /** The page as HTML, for {@code GET /what-we-collect}. */
  byte[] asHtml() {
    return html.clone();
  }

  private Map<String, Object> json() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", HeartbeatSchema.RESOURCE);
    List<Map<String, Object>> fieldList = new ArrayList<>();
    for (Field field : fields) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("path", field.path());
      entry.put("type", field.type());
      entry.put("required", field.required());
      entry.put("meaning", field.meaning());
      entry.put("values", field.values());
      entry.put("grammar", field.grammar());
      fieldList.add(entry);
    }
    body.put("fields", fieldList);
    List<Map<String, Object>> vocabularyList = new ArrayList<>();
    for (Vocabulary vocabulary : vocabularies) {
      vocabularyList.add(
          Map.of(
              "name", vocabulary.name(),
              "fields", vocabulary.fields(),
              "values", vocabulary.values()));
    }
    body.put("vocabularies", vocabularyList);
    body.put("fold", Map.of("min_group_installs", minGroupInstalls, "rule", foldRule()));
    List<Map<String, Object>> controlList = new ArrayList<>();
    for (Control control : controls) {
      controlList.add(Map.of("kind", control.kind(), "how", control.how(), "what", control.what()));
    }
    body.put("see_and_stop", controlList);
    body.put("not_stored", notStored());
    return Collections.unmodifiableMap(body);
  }

  private String foldRule() {
    return "The statistics never show a group of fewer than "
        + minGroupInstalls
        + " installs by name: such groups are counted together as other, and funnel steps that"
        + " small are withheld.";
  }

  private static String notStored() {
    return "The collector stores no IP address and no request header; a heartbeat is stored only"
        + " after it passed the schema above and the anonymity scanner.";
  }

  private String html() {
    StringBuilder page = new StringBuilder(64 * 1024);
    page.append(
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>What we collect: mcpproxy telemetry</title>
          <link rel="stylesheet" href="/assets/dashboard.css">
        </head>
        <body class="what-we-collect">
          <header>
            <h1>What we collect</h1>
            <nav><a href="/">Dashboard</a> · <a href="/v1/what-we-collect">this page as JSON</a></nav>
          </header>
          <main>
          <p>Each install of mcpproxy with telemetry on sends one anonymous heartbeat a day. This page
            lists every field a heartbeat can hold: the collector refuses any other field, and any
            value outside the vocabulary or grammar shown. It is generated from the same schema the
            collector validates against and from the client library's own vocabularies.</p>
        """);
    page.append("  <h2 id=\"see-and-stop\">See it, stop it, erase it</h2>\n  <table>\n");
    page.append("    <thead><tr><th>what</th><th>how</th><th>what it does</th></tr></thead>\n");
    page.append("    <tbody>\n");
    for (Control control : controls) {
      page.append("      <tr><td>")
          .append(escape(control.kind()))
          .append("</td><td><code>")
          .append(escape(control.how()))
          .append("</code></td><td>")
          .append(escape(control.what()))
          .append("</td></tr>\n");
    }
    page.append("    </tbody>\n  </table>\n");
    page.append("  <h2 id=\"fold\">What the statistics show</h2>\n  <p>")
        .append(escape(foldRule()))
        .append(' ')
        .append(escape(notStored()))
        .append("</p>\n");
    page.append("  <h2 id=\"fields\">Every field</h2>\n  <table id=\"field-table\">\n");
    page.append(
        "    <thead><tr><th>field</th><th>type</th><th>meaning</th>"
            + "<th>vocabulary or grammar</th></tr></thead>\n    <tbody>\n");
    for (Field field : fields) {
      page.append("      <tr id=\"field-")
          .append(escape(field.path()))
          .append("\"><td><code>")
          .append(escape(field.path()))
          .append("</code></td><td>")
          .append(escape(field.type()))
          .append(field.required() ? "" : ", optional")
          .append("</td><td>")
          .append(escape(field.meaning()))
          .append("</td><td>");
      if (!field.values().isEmpty()) {
        page.append("one of ").append(codes(field.values()));
      }
      for (String rule : field.grammar()) {
        page.append("<div>").append(escape(rule)).append("</div>");
      }
      page.append("</td></tr>\n");
    }
    page.append("    </tbody>\n  </table>\n");
    page.append("  <h2 id=\"vocabularies\">The client library's vocabularies</h2>\n  <dl>\n");
    for (Vocabulary vocabulary : vocabularies) {
      page.append("    <dt>")
          .append(escape(vocabulary.name()))
          .append(" (<code>")
          .append(escape(vocabulary.fields()))
          .append("</code>)</dt>\n    <dd>")
          .append(codes(vocabulary.values()))
          .append("</dd>\n");
    }
    page.append("  </dl>\n  </main>\n</body>\n</html>\n");
    return page.toString();
  }

  private static String codes(List<String> values) {
    StringBuilder text = new StringBuilder();
    for (String value : values) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append("<code>")
          .append(value.isEmpty() ? "\"\" (empty)" : escape(value))
          .append("</code>");
    }
    return text.toString();
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** Flattens the schema into fields, resolving its shared definitions. */
  private record SchemaWalk(JsonNode defs, Properties meanings, List<Field> out) {
    void walk(String prefix, JsonNode object) {
      Set<String> required = new HashSet<>();
      object.path("required").forEach(name -> required.add(name.asText()));
      for (Map.Entry<String, JsonNode> property : object.path("properties").properties()) {
        String path = prefix + property.getKey();
        JsonNode node = resolve(property.getValue());
        out.add(field(path, node, required.contains(property.getKey())));
        if (isObject(node)) {
          walk(path + ".", node);
        }
      }
      JsonNode values = object.path("additionalProperties");
      if (values.isObject()) {
        String path = prefix + KEY;
        List<String> grammar = new ArrayList<>(rules(object.path("propertyNames")));
        if (object.has("maxProperties")) {
          grammar.add("at most " + object.get("maxProperties").asText() + " keys");
        }
        out.add(new Field(path, "key", false, meaning(path), List.of(), grammar));
        walk(path + ".", resolve(values));
      }
    }

    private Field field(String path, JsonNode node, boolean required) {
      List<String> values = new ArrayList<>();
      List<String> grammar = new ArrayList<>();
      String type;
      if (node.has("anyOf")) {
        List<String> types = new ArrayList<>();
        for (JsonNode alternative : node.get("anyOf")) {
          JsonNode resolved = resolve(alternative);
          types.add(type(resolved));
          collect(resolved, values, grammar);
        }
        type = String.join(" or ", new TreeSet<>(types));
      } else {
        type = type(node);
        collect(node, values, grammar);
      }
      return new Field(path, type, required, meaning(path), values, grammar);
    }

    private void collect(JsonNode node, List<String> values, List<String> grammar) {
      if (node.has("const")) {
        values.add(node.get("const").asText());
      }
      node.path("enum").forEach(value -> values.add(value.asText()));
      JsonNode items = resolve(node.path("items"));
      items.path("enum").forEach(value -> values.add(value.asText()));
      grammar.addAll(rules(node));
      if (!items.isMissingNode()) {
        rules(items).forEach(rule -> grammar.add("each item: " + rule));
      }
    }

    private static List<String> rules(JsonNode node) {
      List<String> rules = new ArrayList<>();
      if (node.has("format")) {
        rules.add("format " + node.get("format").asText());
      }
      if (node.has("pattern")) {
        rules.add("matches " + node.get("pattern").asText());
      }
      if (node.has("maxLength")) {
        rules.add("at most " + node.get("maxLength").asText() + " characters");
      }
      if (node.has("minimum") || node.has("maximum")) {
        rules.add(
            "from "
                + node.path("minimum").asText("any")
                + " to "
                + node.path("maximum").asText("any"));
      }
      if (node.has("maxItems")) {
        rules.add("at most " + node.get("maxItems").asText() + " items");
      }
      if (node.path("uniqueItems").asBoolean(false)) {
        rules.add("no item twice");
      }
      return rules;
    }

    private static String type(JsonNode node) {
      JsonNode type = node.path("type");
      if (type.isArray()) {
        List<String> types = new ArrayList<>();
        type.forEach(t -> types.add(t.asText()));
        return String.join(" or ", types);
      }
      return type.asText("any");
    }

    private static boolean isObject(JsonNode node) {
      return node.path("type").asText().equals("object");
    }

    private JsonNode resolve(JsonNode node) {
      String ref = node.path("$ref").asText("");
      if (ref.startsWith("#/$defs/")) {
        return defs.path(ref.substring("#/$defs/".length()));
      }
      return node;
    }

    /** The meaning written for the path, else the one its parent gives all its children. */
    private String meaning(String path) {
      String own = meanings.getProperty(path);
      if (own != null) {
        return own;
      }
      int dot = path.lastIndexOf('.');
      String shared = dot < 0 ? null : meanings.getProperty(path.substring(0, dot) + ".*");
      if (shared != null) {
        return shared;
      }
      throw new IllegalStateException("no meaning written for heartbeat field " + path);
    }
  }
}
