package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The columns a heartbeat is stored in besides its key and raw JSON, each with how its value is
 * taken from a schema-valid payload. The table itself is created by the migrations.
 */
public final class HeartbeatColumns {
  /** The columns installs are broken down by; fixed names, never from a request. */
  public static final List<String> DIMENSIONS =
      List.of(
          WireNames.VERSION,
          WireNames.OS,
          WireNames.ARCH,
          WireNames.EDITION,
          WireNames.ENV_KIND,
          WireNames.LAUNCH_SOURCE);

  public static final String UNSET = "unset";

  /** The feature flags stored one column each, named {@code flag_<name>}. */
  public static final List<String> FEATURE_FLAGS =
      List.of(
          WireNames.ENABLE_SOCKET,
          WireNames.ENABLE_WEB_UI,
          WireNames.ENABLE_PROMPTS,
          WireNames.REQUIRE_MCP_AUTH,
          WireNames.ENABLE_CODE_EXECUTION,
          WireNames.QUARANTINE_ENABLED,
          WireNames.SENSITIVE_DATA_DETECTION_ENABLED,
          WireNames.DOCKER_AVAILABLE);

  /** The OAuth provider types stored one column each, named {@code flag_oauth_<type>}. */
  public static final List<String> OAUTH_PROVIDER_TYPES =
      List.of("google", "github", "microsoft", "generic");

  /** What kind of SQL value a column holds. */
  enum Kind {
    TEXT(Types.VARCHAR),
    INTEGER(Types.INTEGER),
    BIGINT(Types.BIGINT),
    FLAG(Types.SMALLINT);

    private final int sqlType;

    Kind(int sqlType) {
      this.sqlType = sqlType;
    }

    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
      if (value == null) {
        statement.setNull(index, sqlType);
        return;
      }
      switch (this) {
        case TEXT -> statement.setString(index, (String) value);
        case INTEGER, FLAG -> statement.setInt(index, (Integer) value);
        case BIGINT -> statement.setLong(index, (Long) value);
      }
    }
  }

  /**
   * One stored column.
   *
   * @param name the column's name
   * @param kind its SQL type
   * @param extractor takes its value from a heartbeat
   * @param counter whether it is the sum of a counter, taken from the heartbeat's counter objects
   */
  record Column(String name, Kind kind, Function<JsonNode, Object> extractor, boolean counter) {
    Column(String name, Kind kind, Function<JsonNode, Object> extractor) {
      this(name, kind, extractor, false);
    }
  }

  private static final List<Column> ALL = build();

  private HeartbeatColumns() {}

  static List<Column> all() {
    return ALL;
  }

  static List<String> names() {
    return ALL.stream().map(Column::name).collect(Collectors.toUnmodifiableList());
  }

  public static String surfaceColumn(Surface surface) {
    return "surface_" + surface.wireName();
  }

  public static String toolColumn(BuiltinTool tool) {
    return "tool_" + tool.wireName();
  }

  public static String errorColumn(ErrorCategory category) {
    return "error_" + category.wireName();
  }

  public static String flagColumn(String flag) {
    return "flag_" + flag;
  }

  public static String oauthColumn(String providerType) {
    return "flag_oauth_" + providerType;
  }

  /**
   * Takes every column's value from a payload that passed the schema.
   *
   * @param payload the parsed heartbeat
   * @return the values in column order; absent optional fields are {@code null}
   */
  static List<Object> extract(JsonNode payload) {
    List<Object> values = new ArrayList<>(ALL.size());
    for (Column column : ALL) {
      values.add(column.extractor().apply(payload));
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * Replaces the counter columns of a heartbeat's values with the day's sums.
   *
   * @param values the latest heartbeat's values, in column order
   * @param sums the day's counter objects (the shape of a heartbeat's counter fields)
   * @return a new list
   */
  static List<Object> withCounters(List<Object> values, JsonNode sums) {
    List<Object> merged = new ArrayList<>(values);
    for (int i = 0; i < ALL.size(); i++) {
      if (ALL.get(i).counter()) {
        merged.set(i, ALL.get(i).extractor().apply(sums));
      }
    }
    return merged;
  }

  private static List<Column> build() {
    List<Column> columns = new ArrayList<>();
    columns.add(
        new Column(
            WireNames.SCHEMA_VERSION, Kind.INTEGER, p -> p.path(WireNames.SCHEMA_VERSION).asInt()));
    columns.add(text(WireNames.VERSION));
    columns.add(optionalText(WireNames.CURRENT_VERSION));
    columns.add(text(WireNames.PREVIOUS_VERSION));
    columns.add(text(WireNames.EDITION));
    columns.add(text(WireNames.OS));
    columns.add(text(WireNames.ARCH));
    columns.add(text(WireNames.GO_VERSION));
    columns.add(text(WireNames.ROUTING_MODE));
    columns.add(optionalText(WireNames.ENV_KIND));
    columns.add(optionalText(WireNames.LAUNCH_SOURCE));
    columns.add(optionalText(WireNames.LAST_STARTUP_OUTCOME));
    columns.add(optionalText(WireNames.UPSTREAM_TOOL_CALL_COUNT_BUCKET));
    columns.add(integer(WireNames.SERVER_COUNT));
    columns.add(integer(WireNames.CONNECTED_SERVER_COUNT));
    columns.add(integer(WireNames.TOOL_COUNT));
    columns.add(
        new Column(
            WireNames.UPTIME_HOURS, Kind.BIGINT, p -> p.path(WireNames.UPTIME_HOURS).asLong()));
    columns.add(
        new Column(
            WireNames.QUARANTINE_ENABLED,
            Kind.FLAG,
            p -> flag(p.path(WireNames.QUARANTINE_ENABLED))));
    columns.add(
        new Column(
            WireNames.AUTOSTART_ENABLED,
            Kind.FLAG,
            p -> flag(p.path(WireNames.AUTOSTART_ENABLED))));
    columns.add(
        new Column(
            WireNames.SERVER_DOCKER_ISOLATED_COUNT,
            Kind.INTEGER,
            p -> p.path(WireNames.SERVER_DOCKER_ISOLATED_COUNT).asInt(0)));
    columns.add(
        nestedFlag(
            "activation_connected_server",
            WireNames.ACTIVATION,
            WireNames.FIRST_CONNECTED_SERVER_EVER));
    columns.add(
        nestedFlag("activation_mcp_client", WireNames.ACTIVATION, WireNames.FIRST_MCP_CLIENT_EVER));
    columns.add(
        nestedFlag(
            "activation_retrieve_tools_call",
            WireNames.ACTIVATION,
            WireNames.FIRST_RETRIEVE_TOOLS_CALL_EVER));
    for (String flag : FEATURE_FLAGS) {
      columns.add(nestedFlag(flagColumn(flag), WireNames.FEATURE_FLAGS, flag));
    }
    for (String type : OAUTH_PROVIDER_TYPES) {
      columns.add(new Column(oauthColumn(type), Kind.FLAG, p -> oauthProvider(p, type)));
    }
    for (Surface surface : Surface.values()) {
      columns.add(count(surfaceColumn(surface), WireNames.SURFACE_REQUESTS, surface.wireName()));
    }
    for (BuiltinTool tool : BuiltinTool.values()) {
      columns.add(count(toolColumn(tool), WireNames.BUILTIN_TOOL_CALLS, tool.wireName()));
    }
    for (ErrorCategory category : ErrorCategory.values()) {
      columns.add(
          count(errorColumn(category), WireNames.ERROR_CATEGORY_COUNTS, category.wireName()));
    }
    return List.copyOf(columns);
  }

  private static Column text(String field) {
    return new Column(field, Kind.TEXT, p -> p.path(field).asText());
  }

  private static Column optionalText(String field) {
    return new Column(
        field, Kind.TEXT, p -> p.path(field).isTextual() ? p.get(field).asText() : null);
  }

  private static Column integer(String field) {
    return new Column(field, Kind.INTEGER, p -> p.path(field).asInt());
  }

  private static Column count(String column, String object, String key) {
    return new Column(column, Kind.BIGINT, p -> p.path(object).path(key).asLong(0), true);
  }

  private static Column nestedFlag(String column, String object, String key) {
    return new Column(column, Kind.FLAG, p -> flag(p.path(object).path(key)));
  }

  private static @Nullable Object oauthProvider(JsonNode payload, String type) {
    JsonNode types = payload.path(WireNames.FEATURE_FLAGS).path(WireNames.OAUTH_PROVIDER_TYPES);
    if (!types.isArray()) {
      return null;
    }
    for (JsonNode element : types) {
      if (type.equals(element.asText())) {
        return 1;
      }
    }
    return 0;
  }

  /** A boolean is stored as 1 or 0; {@code null} (JSON null or left out) stays {@code null}. */
  private static @Nullable Integer flag(JsonNode node) {
    return node.isBoolean() ? (node.booleanValue() ? 1 : 0) : null;
  }
}
