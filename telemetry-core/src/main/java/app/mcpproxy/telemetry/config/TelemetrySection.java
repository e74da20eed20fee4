package app.mcpproxy.telemetry.config;

import java.util.Objects;
import java.util.function.Function;

/** Reads and edits the {@code telemetry} object of a config tree, one key at a time. */
final class TelemetrySection {
  static final String TELEMETRY = "telemetry";
  static final String ENABLED = "enabled";
  static final String ANONYMOUS_ID = "anonymous_id";
  static final String ANONYMOUS_ID_CREATED_AT = "anonymous_id_created_at";
  static final String ENDPOINT = "endpoint";
  static final String LAST_REPORTED_VERSION = "last_reported_version";
  static final String LAST_STARTUP_OUTCOME = "last_startup_outcome";
  static final String NOTICE_SHOWN = "notice_shown";

  private TelemetrySection() {}

  /** Reads the settings; a value of the wrong JSON type reads as absent. */
  static TelemetrySettings read(JsonObject root) {
    JsonObject telemetry = root.getObject(TELEMETRY).orElse(JsonObject.empty());
    return new TelemetrySettings(
        telemetry.getBoolean(ENABLED).orElse(null),
        telemetry.getString(ANONYMOUS_ID).orElse(null),
        telemetry.getString(ANONYMOUS_ID_CREATED_AT).orElse(null),
        telemetry.getString(ENDPOINT).orElse(null),
        telemetry.getString(LAST_REPORTED_VERSION).orElse(null),
        telemetry.getString(LAST_STARTUP_OUTCOME).orElse(null),
        telemetry.getBoolean(NOTICE_SHOWN).orElse(false));
  }

  /**
   * Returns the root with only the keys that differ between {@code before} and {@code after}
   * written; every other key of the file, including telemetry keys holding values of the wrong
   * type, stays as it was.
   */
  static JsonObject apply(JsonObject root, TelemetrySettings before, TelemetrySettings after) {
    JsonObject telemetry = root.getObject(TELEMETRY).orElse(JsonObject.empty());
    JsonObject edited = telemetry;
    edited = edit(edited, ENABLED, before, after, TelemetrySettings::enabled, JsonScalar::bool);
    edited = editString(edited, ANONYMOUS_ID, before, after, TelemetrySettings::anonymousId);
    edited =
        editString(
            edited,
            ANONYMOUS_ID_CREATED_AT,
            before,
            after,
            TelemetrySettings::anonymousIdCreatedAt);
    edited = editString(edited, ENDPOINT, before, after, TelemetrySettings::endpoint);
    edited =
        editString(
            edited, LAST_REPORTED_VERSION, before, after, TelemetrySettings::lastReportedVersion);
    edited =
        editString(
            edited, LAST_STARTUP_OUTCOME, before, after, TelemetrySettings::lastStartupOutcome);
    edited =
        edit(edited, NOTICE_SHOWN, before, after, TelemetrySettings::noticeShown, JsonScalar::bool);
    return edited.equals(telemetry) ? root : root.with(TELEMETRY, edited);
  }

  private static JsonObject editString(
      JsonObject telemetry,
      String key,
      TelemetrySettings before,
      TelemetrySettings after,
      Function<TelemetrySettings, String> field) {
    return edit(telemetry, key, before, after, field, JsonScalar::string);
  }

  private static <T> JsonObject edit(
      JsonObject telemetry,
      String key,
      TelemetrySettings before,
      TelemetrySettings after,
      Function<TelemetrySettings, T> field,
      Function<T, JsonScalar> toJson) {
    T oldValue = field.apply(before);
    T newValue = field.apply(after);
    if (Objects.equals(oldValue, newValue)) {
      return telemetry;
    }
    return newValue == null ? telemetry.without(key) : telemetry.with(key, toJson.apply(newValue));
  }
}
