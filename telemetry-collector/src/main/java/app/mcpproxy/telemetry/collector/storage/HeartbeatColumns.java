package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns a heartbeat is stored in besides its key and raw JSON, each with how its value is
 * taken from a schema-valid payload. The table itself is created by the migrations.
 */
public final class HeartbeatColumns {
  /** The columns installs are broken down by; fixed names, never from a request. */
  public static final List<String> DIMENSIONS =
      List.of("version", "os", "arch", "edition", "env_kind", "launch_source");

  public static final String UNSET = "unset";

  /** The feature flags stored one column each, named {@code flag_<name>}. */
  public static final List<String> FEATURE_FLAGS =
      List.of(
          "enable_socket",
          "enable_web_ui",
          "enable_prompts",
          "require_mcp_auth",
          "enable_code_execution",
          "quarantine_enabled",
          "sensitive_data_detection_enabled",
          "docker_available");

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
    columns.add(new Column("schema_version", Kind.INTEGER, p -> p.path("schema_version").asInt()));
    columns.add(text("version"));
    columns.add(optionalText("current_version"));
    columns.add(text("previous_version"));
    columns.add(text("edition"));
    columns.add(text("os"));
    columns.add(text("arch"));
    columns.add(text("go_version"));
    columns.add(text("routing_mode"));
    columns.add(optionalText("env_kind"));
    columns.add(optionalText("launch_source"));
    columns.add(optionalText("last_startup_outcome"));
    columns.add(optionalText("upstream_tool_call_count_bucket"));
    columns.add(integer("server_count"));
    columns.add(integer("connected_server_count"));
    columns.add(integer("tool_count"));
    columns.add(new Column("uptime_hours", Kind.BIGINT, p -> p.path("uptime_hours").asLong()));
    columns.add(
        new Column("quarantine_enabled", Kind.FLAG, p -> flag(p.path("quarantine_enabled"))));
    columns.add(new Column("autostart_enabled", Kind.FLAG, p -> flag(p.path("autostart_enabled"))));
    columns.add(
        new Column(
            "server_docker_isolated_count",
            Kind.INTEGER,
            p -> p.path("server_docker_isolated_count").asInt(0)));
    columns.add(
        nestedFlag("activation_connected_server", "activation", "first_connected_server_ever"));
    columns.add(nestedFlag("activation_mcp_client", "activation", "first_mcp_client_ever"));
    columns.add(
        nestedFlag(
            "activation_retrieve_tools_call", "activation", "first_retrieve_tools_call_ever"));
    for (String flag : FEATURE_FLAGS) {
      columns.add(nestedFlag(flagColumn(flag), "feature_flags", flag));
    }
    for (String type : OAUTH_PROVIDER_TYPES) {
      columns.add(new Column(oauthColumn(type), Kind.FLAG, p -> oauthProvider(p, type)));
    }
    for (Surface surface : Surface.values()) {
      columns.add(count(surfaceColumn(surface), "surface_requests", surface.wireName()));
    }
    for (BuiltinTool tool : BuiltinTool.values()) {
      columns.add(count(toolColumn(tool), "builtin_tool_calls", tool.wireName()));
    }
    for (ErrorCategory category : ErrorCategory.values()) {
      columns.add(count(errorColumn(category), "error_category_counts", category.wireName()));
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

  private static Object oauthProvider(JsonNode payload, String type) {
    JsonNode types = payload.path("feature_flags").path("oauth_provider_types");
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
  private static Integer flag(JsonNode node) {
    return node.isBoolean() ? (node.booleanValue() ? 1 : 0) : null;
  }
}
