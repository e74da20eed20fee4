package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.http.Exchange;
import app.mcpproxy.telemetry.collector.http.HeartbeatIntake;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded, structure-aware mutation fuzzer over the collector's inputs: heartbeats and feedback
 * (valid documents with values swapped for edge cases, fields dropped or added, then bytes flipped,
 * cut or replaced by malformed and overlong UTF-8), and query strings, paths, methods and headers.
 * Every request goes over a real socket to a real collector; every answer must be a 2xx or a 4xx
 * with a JSON body.
 *
 * <p>The budget is a few seconds per database; {@code -Dcollector.fuzz.seconds=N} runs longer and
 * {@code -Dcollector.fuzz.seed=S} replays another sequence.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class CollectorFuzzTest {
  private static final long SEED = Long.getLong("collector.fuzz.seed", 0x5eed_c011ec70L);
  private static final Duration BUDGET =
      Duration.ofSeconds(Long.getLong("collector.fuzz.seconds", 4));
  private static final int MAX_INPUTS = Integer.getInteger("collector.fuzz.max-inputs", 1_000_000);

  private static final List<String> NUMBERS =
      List.of(
          "1e400",
          "-1e400",
          "1e309",
          "1E-400",
          "-0.0",
          "0.5",
          "3.0",
          "1e2",
          "-1",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "123456789012345678901234567890123456789",
          "2147483648",
          "4294967296",
          "0",
          "3",
          "00",
          "01",
          "1.",
          ".5",
          "NaN",
          "Infinity",
          "-Infinity",
          "+1",
          "0x10");
  private static final List<String> STRINGS =
      List.of(
          "\"\"",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"\\udc00\\ud800\"",
          "\"\\ud83d\\ude00\"",
          "\"/home/alice\"",
          "\"C:\\\\Users\\\\bob\"",
          "\"\\/Users\\/carol\"",
          "\"v1.2.3\"",
          "\"v99999999999999999999.0.0\"",
          "\"go1.22\"",
          "\"java17\"",
          "\"2025-03-01T10:00:00Z\"",
          "\"9999-99-99T99:99:99Z\"",
          "\"ghp_0123456789abcdefghijABCDEFGHIJ012345\"",
          "\"a@b.example\"",
          "\"10.0.0.1\"",
          "\"https://example.com/x\"",
          "\"\u202e\"",
          "\"\\\\\"",
          "\"\\\"\"",
          "\"x\"");
  private static final List<String> OTHERS =
      List.of(
          "true",
          "false",
          "null",
          "{}",
          "[]",
          "[[[[[[[[]]]]]]]]",
          "{\"a\":{\"b\":{}}}",
          "[1,\"a\",null]");
  private static final List<byte[]> BAD_UTF8 =
      List.of(
          bytes(0xC0, 0xAF),
          bytes(0xC0, 0x80),
          bytes(0xE0, 0x80, 0xAF),
          bytes(0xF0, 0x80, 0x80, 0xAF),
          bytes(0xED, 0xA0, 0x80),
          bytes(0xED, 0xBF, 0xBF),
          bytes(0xF4, 0x90, 0x80, 0x80),
          bytes(0xC3),
          bytes(0x80),
          bytes(0xFE),
          bytes(0xFF),
          bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
          bytes(0xE2, 0x82),
          bytes(0x00),
          bytes(0xEF, 0xBB, 0xBF));
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json; charset=utf-8",
          "application/json; charset=latin1",
          "text/plain",
          "application/json;charset=\"UTF-8\"",
          "APPLICATION/JSON",
          "",
          "application/");
  private static final List<String> TARGETS =
      List.of(
          "/v1/stats",
          "/v1/stats?from=2025-03-01&to=2025-03-02",
          "/v1/feedback?limit=5",
          "/v1/installs/0f8fad5b-d9cb-469f-a165-70867728950e",
          "/",
          "/assets/dashboard.js",
          "/healthz",
          "/metrics",
          "/v1/heartbeat",
          "/v1/feedback");

  @Parameter TestDatabase.Kind kind;

  @TempDir Path dataDir;

  private final SplittableRandom random = new SplittableRandom(SEED);
  private TestDatabase database;
  private Collector collector;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(kind.available(), kind.skipReason());
    database = TestDatabase.create(kind, dataDir);
    collector =
        Collector.builder(
                CollectorOptions.defaults(dataDir)
                    .withListen("127.0.0.1:0")
                    .withJdbcUrl(database.jdbcUrl())
                    .withRateLimit(RateLimit.unlimited()))
            .clock(MutableClock.at("2025-03-01T10:00:00Z"))
            .build();
    collector.start();
  }

  @AfterEach
  void stop() throws SQLException {
    if (collector != null) {
      collector.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void answersEveryInputWithA2xxOrAJson4xx() throws IOException {
    Map<String, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long deadline = System.nanoTime() + BUDGET.toNanos();
    int inputs = 0;
    while (System.nanoTime() < deadline && inputs < MAX_INPUTS) {
      byte[] request = nextRequest();
      inputs++;
      RawHttp.Answer answer = RawHttp.send(collector.port(), request);
      statuses.merge(String.valueOf(answer.status()), 1, Integer::sum);
      String problem = problemWith(answer, request[0] == 'H');
      if (problem != null && failures.size() < 10) {
        failures.add(problem + " for input #" + inputs + ": " + printable(request));
      }
    }
    int serverErrors =
        statuses.entrySet().stream()
            .filter(e -> e.getKey().startsWith("5") || e.getKey().equals("-1"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    System.out.printf(
        "collector fuzz (%s, seed %d): %d inputs in %s, answers by status %s, 5xx or no answer:"
            + " %d%n",
        kind, SEED, inputs, BUDGET, statuses, serverErrors);

    assertThat(failures).isEmpty();
    assertThat(serverErrors).isZero();
    assertThat(inputs).isGreaterThan(50);
  }

  private static String problemWith(RawHttp.Answer answer, boolean head) {
    int status = answer.status();
    if (status < 200 || status >= 500 || (status >= 300 && status < 400)) {
      return "status " + status;
    }
    if (status >= 400) {
      String type = answer.header("Content-Type");
      if (type == null || !type.startsWith(Exchange.JSON)) {
        return "a " + status + " that is not JSON (" + type + ")";
      }
      if (head && answer.body().isEmpty()) {
        // An answer to HEAD may leave its body out.
        return null;
      }
      try {
        JsonNode body = TestHeartbeats.MAPPER.readTree(answer.body());
        if (!body.path("error").isTextual()) {
          return "a " + status + " without an error field";
        }
      } catch (IOException e) {
        return "a " + status + " whose body does not parse";
      }
    }
    return null;
  }

  private byte[] nextRequest() {
    int kindOfInput = random.nextInt(10);
    if (kindOfInput < 5) {
      return post("/v1/heartbeat", mutatedBody(heartbeatSeed()), true);
    }
    if (kindOfInput < 8) {
      return post("/v1/feedback", mutatedBody(feedbackSeed()), false);
    }
    return otherRequest();
  }

  private byte[] post(String target, byte[] body, boolean heartbeat) {
    StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    String contentType = random.nextInt(10) < 8 ? "application/json" : pick(CONTENT_TYPES);
    head.append("Content-Type: ").append(contentType).append("\r\n");
    if (heartbeat && random.nextBoolean()) {
      head.append(HeartbeatIntake.IDEMPOTENCY_KEY)
          .append(": ")
          .append(idempotencyKey())
          .append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
  }

  private String idempotencyKey() {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "k" + random.nextInt(4);
      case 2 -> "bad key";
      case 3 -> "\u00e9\u00ff";
      case 4 -> "x".repeat(65);
      default -> java.util.UUID.randomUUID().toString();
    };
  }

  private byte[] otherRequest() {
    String method =
        pick(List.of("GET", "GET", "GET", "DELETE", "POST", "PUT", "OPTIONS", "HEAD", "BREW"));
    String target;
    switch (random.nextInt(5)) {
      case 0 -> target = "/v1/stats?from=" + dateLike() + "&to=" + dateLike();
      case 1 ->
          target =
              "/v1/feedback?limit="
                  + pick(
                      List.of(
                          "0",
                          "1",
                          "1000",
                          "1001",
                          "-1",
                          "x",
                          "%zz",
                          "99999999999",
                          "%E0%80%AF",
                          "1e3"));
      case 2 ->
          target =
              "/v1/installs/"
                  + pick(
                      List.of(
                          "0f8fad5b-d9cb-469f-a165-70867728950e",
                          "x",
                          "%2e%2e",
                          "%00",
                          "%C0%AF",
                          "a".repeat(300)));
      case 3 ->
          target =
              pick(TARGETS)
                  + pick(
                      List.of(
                          "",
                          "?",
                          "?%",
                          "?a=%zz",
                          "#x",
                          "/../../etc/passwd",
                          "%2F",
                          ";x=1",
                          "?from=%F4%90%80%80"));
      default -> target = mutateText(pick(TARGETS));
    }
    StringBuilder head =
        new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    if (random.nextInt(4) == 0) {
      head.append("Authorization: Bearer ")
          .append(pick(List.of("", "x", "\u00ff\u00fe", "a".repeat(500))))
          .append("\r\n");
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private String dateLike() {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> "2025-03-0" + (1 + random.nextInt(9));
      case 2 -> "0000-01-01";
      case 3 -> "9999-12-31";
      case 4 -> "+999999999-12-31";
      case 5 -> "2025-02-30";
      case 6 -> "%E0%80%AF";
      default -> String.valueOf(random.nextLong());
    };
  }

  private String mutateText(String text) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && out.length() > 0; i++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 ->
            out.insert(
                at, pick(List.of("%", "%2", "%FF", "%00", "%C0%AF", "?", "&", "=", "//", "\\")));
        case 1 -> out.deleteCharAt(at);
        default -> out.setCharAt(at, (char) (0x21 + random.nextInt(0x5e)));
      }
    }
    return out.toString();
  }

  private ObjectNode heartbeatSeed() {
    return random.nextInt(4) == 0 ? TestHeartbeats.minimal() : TestHeartbeats.complete();
  }

  private ObjectNode feedbackSeed() {
    ObjectNode feedback = JsonNodeFactory.instance.objectNode();
    feedback.put("category", pick(List.of("bug", "feature", "other")));
    feedback.put("message", "Something worth telling the maintainers about.");
    if (random.nextBoolean()) {
      feedback.put("email", "someone@example.org");
    }
    if (random.nextBoolean()) {
      feedback
          .putObject("context")
          .put("version", "v0.25.0")
          .put("edition", "personal")
          .put("os", "linux")
          .put("arch", "amd64")
          .put("server_count", 2)
          .put("connected_server_count", 1)
          .put("routing_mode", "retrieve_tools");
    }
    return feedback;
  }

  /** Mutates the tree, renders it, then mutates the text and bytes. */
  private byte[] mutatedBody(ObjectNode seed) {
    String placeholder = "\"@@" + random.nextInt(1_000_000) + "@@\"";
    int treeEdits = random.nextInt(4);
    List<String> replacements = new ArrayList<>();
    for (int i = 0; i < treeEdits; i++) {
      String replacement = editTree(seed, placeholder + i);
      if (replacement != null) {
        replacements.add(replacement);
      }
    }
    String text = seed.toString();
    for (int i = 0; i < replacements.size(); i++) {
      text =
          text.replace(
              placeholder.substring(0, placeholder.length() - 1) + i + "\"", replacements.get(i));
    }
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    int byteEdits = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
    for (int i = 0; i < byteEdits; i++) {
      body = editBytes(body);
    }
    return body;
  }

  /** Replaces, removes or adds one value; returns raw JSON to put where the marker was. */
  private String editTree(ObjectNode root, String marker) {
    ObjectNode parent = root;
    String field = null;
    int depth = 0;
    while (true) {
      List<String> names = new ArrayList<>();
      parent.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) {
        break;
      }
      field = pick(names);
      JsonNode child = parent.get(field);
      if (child instanceof ObjectNode object && random.nextBoolean() && depth < 3) {
        parent = object;
        depth++;
        continue;
      }
      if (child instanceof ArrayNode array && !array.isEmpty() && random.nextBoolean()) {
        array.set(random.nextInt(array.size()), JsonNodeFactory.instance.textNode(marker));
        return rawValue();
      }
      break;
    }
    switch (random.nextInt(6)) {
      case 0 -> {
        if (field != null) {
          parent.remove(field);
        }
        return null;
      }
      case 1 -> {
        parent.put(
            pick(List.of("extra", "", "\u0000", "anonymous_id", "mcp", "GET /x", "__proto__")),
            marker);
        return rawValue();
      }
      default -> {
        if (field == null) {
          return null;
        }
        parent.put(field, marker);
        return rawValue();
      }
    }
  }

  private String rawValue() {
    return switch (random.nextInt(3)) {
      case 0 -> pick(NUMBERS);
      case 1 -> pick(STRINGS);
      default -> pick(OTHERS);
    };
  }

  private byte[] editBytes(byte[] body) {
    if (body.length == 0) {
      return pick(BAD_UTF8);
    }
    int at = random.nextInt(body.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 8);
    switch (random.nextInt(5)) {
      case 0 -> {
        out.write(body, 0, at);
        byte[] bad = pick(BAD_UTF8);
        out.write(bad, 0, bad.length);
        out.write(body, at, body.length - at);
      }
      case 1 -> {
        byte[] copy = body.clone();
        copy[at] = (byte) random.nextInt(256);
        return copy;
      }
      case 2 -> out.write(body, 0, at);
      case 3 -> {
        out.write(body, 0, at);
        out.write(body, at, body.length - at);
        out.write(body, at, body.length - at);
      }
      default -> {
        out.write(body, 0, at);
        byte[] bad = pick(BAD_UTF8);
        out.write(bad, 0, bad.length);
        int skip = Math.min(body.length, at + 1 + random.nextInt(4));
        out.write(body, skip, body.length - skip);
      }
    }
    return out.toByteArray();
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String printable(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (out.length() > 600) {
        out.append("…");
        break;
      }
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
