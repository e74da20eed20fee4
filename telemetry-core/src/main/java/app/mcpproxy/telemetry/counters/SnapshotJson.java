package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The persisted form of a {@link RegistrySnapshot}: field names as on the wire, but the exact
 * upstream tool call count instead of its bucket. Read through the tree model, so every problem is
 * reported with the path of the offending value.
 */
final class SnapshotJson {
  static final String SURFACE_REQUESTS = WireNames.SURFACE_REQUESTS;
  static final String BUILTIN_TOOL_CALLS = WireNames.BUILTIN_TOOL_CALLS;
  static final String UPSTREAM_TOOL_CALLS = "upstream_tool_calls";
  static final String REST_ENDPOINT_CALLS = WireNames.REST_ENDPOINT_CALLS;
  static final String ERROR_CATEGORY_COUNTS = WireNames.ERROR_CATEGORY_COUNTS;
  static final String DOCTOR_CHECKS = WireNames.DOCTOR_CHECKS;

  /** Immutable once built, so sharing it holds no mutable state. */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private SnapshotJson() {}

  static String write(RegistrySnapshot snapshot) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = MAPPER.createGenerator(out)) {
      json.writeStartObject();
      writeCounts(json, SURFACE_REQUESTS, snapshot.surfaceRequests());
      writeCounts(json, BUILTIN_TOOL_CALLS, snapshot.builtinToolCalls());
      json.writeNumberField(UPSTREAM_TOOL_CALLS, snapshot.upstreamToolCalls());
      json.writeObjectFieldStart(REST_ENDPOINT_CALLS);
      for (Map.Entry<String, SortedMap<String, Long>> entry :
          snapshot.restEndpointCalls().entrySet()) {
        writeCounts(json, entry.getKey(), entry.getValue());
      }
      json.writeEndObject();
      writeCounts(json, ERROR_CATEGORY_COUNTS, snapshot.errorCategoryCounts());
      json.writeObjectFieldStart(DOCTOR_CHECKS);
      for (Map.Entry<String, DoctorCounts> entry : snapshot.doctorChecks().entrySet()) {
        json.writeObjectFieldStart(entry.getKey());
        json.writeNumberField(WireNames.PASS, entry.getValue().pass());
        json.writeNumberField(WireNames.FAIL, entry.getValue().fail());
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }

  private static void writeCounts(JsonGenerator json, String field, Map<String, Long> counts)
      throws IOException {
    json.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      json.writeNumberField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
  }

  static RegistrySnapshot read(String text) {
    if (text == null) {
      throw new IllegalArgumentException("counter snapshot JSON is null");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "counter snapshot is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new IllegalArgumentException("counter snapshot JSON is empty");
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "counter snapshot must be a JSON object, got " + root.getNodeType());
    }
    JsonNode upstream = root.get(UPSTREAM_TOOL_CALLS);
    return new RegistrySnapshot(
        countsField(root, SURFACE_REQUESTS),
        countsField(root, BUILTIN_TOOL_CALLS),
        upstream == null || upstream.isNull() ? 0 : count(upstream, UPSTREAM_TOOL_CALLS),
        restCalls(root),
        countsField(root, ERROR_CATEGORY_COUNTS),
        doctorChecks(root));
  }

  private static SortedMap<String, Long> countsField(JsonNode parent, String field) {
    return counts(object(parent, field, field), field);
  }

  private static SortedMap<String, Long> counts(@Nullable JsonNode object, String path) {
    SortedMap<String, Long> counts = new TreeMap<>();
    if (object != null) {
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        counts.put(entry.getKey(), count(entry.getValue(), path + "." + entry.getKey()));
      }
    }
    return counts;
  }

  private static SortedMap<String, SortedMap<String, Long>> restCalls(JsonNode root) {
    SortedMap<String, SortedMap<String, Long>> calls = new TreeMap<>();
    JsonNode object = object(root, REST_ENDPOINT_CALLS, REST_ENDPOINT_CALLS);
    if (object != null) {
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        String path = REST_ENDPOINT_CALLS + "." + entry.getKey();
        JsonNode byClass = entry.getValue();
        if (!byClass.isObject()) {
          throw new IllegalArgumentException(
              path + " must be an object of counts, got " + byClass.getNodeType());
        }
        calls.put(entry.getKey(), counts(byClass, path));
      }
    }
    return calls;
  }

  private static SortedMap<String, DoctorCounts> doctorChecks(JsonNode root) {
    SortedMap<String, DoctorCounts> checks = new TreeMap<>();
    JsonNode object = object(root, DOCTOR_CHECKS, DOCTOR_CHECKS);
    if (object != null) {
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        String path = DOCTOR_CHECKS + "." + entry.getKey();
        JsonNode counts = entry.getValue();
        if (!counts.isObject()) {
          throw new IllegalArgumentException(
              path + " must be an object with pass and fail, got " + counts.getNodeType());
        }
        checks.put(
            entry.getKey(),
            new DoctorCounts(
                passOrFail(counts, path, WireNames.PASS),
                passOrFail(counts, path, WireNames.FAIL)));
      }
    }
    return checks;
  }

  private static long passOrFail(JsonNode counts, String path, String field) {
    JsonNode value = counts.get(field);
    return value == null || value.isNull() ? 0 : count(value, path + "." + field);
  }

  /** The object at {@code parent.field}, or {@code null} when it is absent or JSON null. */
  private static @Nullable JsonNode object(JsonNode parent, String field, String path) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(path + " must be an object, got " + value.getNodeType());
    }
    return value;
  }

  private static long count(JsonNode value, String path) {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(path + " must be a whole number, got " + describe(value));
    }
    long count = value.longValue();
    if (count < 0) {
      throw new IllegalArgumentException(path + " must be >= 0, got " + count);
    }
    return count;
  }

  private static String describe(JsonNode value) {
    return value.isValueNode() ? value.getNodeType() + " " + value : value.getNodeType().toString();
  }
}
