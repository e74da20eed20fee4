package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The counter fields of a heartbeat and their sums over a day. A client sends in each heartbeat
 * what its counters gained since its last accepted one, so the day's value of a counter is the sum
 * over the day's heartbeats. Every other field is a snapshot (gauges such as {@code server_count},
 * buckets such as {@code upstream_tool_call_count_bucket}, flags, versions, the activation object):
 * the day keeps the latest.
 */
final class DayCounters {
  /** The fields whose numbers add up over a day; every number inside them is a count. */
  static final List<String> FIELDS =
      List.of(
          WireNames.SURFACE_REQUESTS,
          WireNames.BUILTIN_TOOL_CALLS,
          WireNames.REST_ENDPOINT_CALLS,
          WireNames.ERROR_CATEGORY_COUNTS,
          WireNames.DOCTOR_CHECKS);

  private DayCounters() {}

  /**
   * Copies the counter fields of a heartbeat.
   *
   * @param heartbeat a schema-valid heartbeat
   * @return an object holding only its counter fields
   */
  static ObjectNode of(JsonNode heartbeat) {
    ObjectNode counters = JsonNodeFactory.instance.objectNode();
    for (String field : FIELDS) {
      JsonNode value = heartbeat.get(field);
      if (value != null && value.isObject()) {
        counters.set(field, value.deepCopy());
      }
    }
    return counters;
  }

  /**
   * Adds the counter fields of a heartbeat to a day's sums, number by number at every depth;
   * counters only grow, and a sum that would pass the 64-bit range stays at its maximum.
   *
   * @param sums the day's sums, changed in place
   * @param heartbeat a schema-valid heartbeat, or sums of the same shape
   */
  static void add(ObjectNode sums, JsonNode heartbeat) {
    for (String field : FIELDS) {
      JsonNode value = heartbeat.get(field);
      if (value != null && value.isObject()) {
        addObject(sums, field, value);
      }
    }
  }

  private static void addObject(ObjectNode parent, String name, JsonNode value) {
    JsonNode existing = parent.get(name);
    ObjectNode target = existing instanceof ObjectNode object ? object : parent.putObject(name);
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode child = entry.getValue();
      if (child.isObject()) {
        addObject(target, entry.getKey(), child);
      } else if (child.isIntegralNumber()) {
        target.put(entry.getKey(), saturatedSum(target.path(entry.getKey()).asLong(0), child));
      } else {
        target.set(entry.getKey(), child.deepCopy());
      }
    }
  }

  private static long saturatedSum(long sum, JsonNode more) {
    try {
      return Math.addExact(sum, more.longValue());
    } catch (ArithmeticException e) {
      return more.longValue() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  /**
   * The day as one heartbeat: the latest heartbeat with its counter fields replaced by the day's
   * sums.
   *
   * @param latest the day's latest heartbeat
   * @param sums the day's counter sums
   * @return a new object; neither argument is changed
   */
  static ObjectNode view(ObjectNode latest, JsonNode sums) {
    ObjectNode view = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> entry : latest.properties()) {
      if (!FIELDS.contains(entry.getKey())) {
        view.set(entry.getKey(), entry.getValue());
      } else if (sums.has(entry.getKey())) {
        view.set(entry.getKey(), sums.get(entry.getKey()));
      }
    }
    for (String field : FIELDS) {
      if (!view.has(field) && sums.has(field)) {
        view.set(field, sums.get(field));
      }
    }
    return view;
  }
}
