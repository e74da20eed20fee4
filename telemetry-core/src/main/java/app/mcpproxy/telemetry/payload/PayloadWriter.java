package app.mcpproxy.telemetry.payload;

import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.EnvMarkers;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link HeartbeatPayload} in its JSON wire form.
 *
 * <p>Fields appear in a fixed order with fixed names. The fields {@code anonymous_id} to {@code
 * timestamp}, {@code previous_version} and {@code autostart_enabled} (as {@code true}, {@code
 * false} or {@code null}) are always written; every other field is left out when it is zero, empty
 * or absent. Times are RFC 3339 in UTC, in whole seconds. Maps are written sorted by key; zero
 * entries of {@code error_category_counts} are left out. {@code activation} always carries all its
 * fields and {@code feature_flags.oauth_provider_types} is {@code []} when empty.
 *
 * <pre>{@code
 * byte[] body = PayloadWriter.toJson(payload);
 * }</pre>
 */
public final class PayloadWriter {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int INITIAL_CAPACITY = 2048;

  private static final SerializableString ANONYMOUS_ID = name(WireNames.ANONYMOUS_ID);
  private static final SerializableString VERSION = name(WireNames.VERSION);
  private static final SerializableString EDITION = name(WireNames.EDITION);
  private static final SerializableString OS = name(WireNames.OS);
  private static final SerializableString ARCH = name(WireNames.ARCH);
  private static final SerializableString GO_VERSION = name(WireNames.GO_VERSION);
  private static final SerializableString SERVER_COUNT = name(WireNames.SERVER_COUNT);
  private static final SerializableString CONNECTED_SERVER_COUNT =
      name(WireNames.CONNECTED_SERVER_COUNT);
  private static final SerializableString TOOL_COUNT = name(WireNames.TOOL_COUNT);
  private static final SerializableString UPTIME_HOURS = name(WireNames.UPTIME_HOURS);
  private static final SerializableString ROUTING_MODE = name(WireNames.ROUTING_MODE);
  private static final SerializableString QUARANTINE_ENABLED = name(WireNames.QUARANTINE_ENABLED);
  private static final SerializableString TIMESTAMP = name(WireNames.TIMESTAMP);
  private static final SerializableString SCHEMA_VERSION = name(WireNames.SCHEMA_VERSION);
  private static final SerializableString ANONYMOUS_ID_CREATED_AT =
      name(WireNames.ANONYMOUS_ID_CREATED_AT);
  private static final SerializableString CURRENT_VERSION = name(WireNames.CURRENT_VERSION);
  private static final SerializableString PREVIOUS_VERSION = name(WireNames.PREVIOUS_VERSION);
  private static final SerializableString LAST_STARTUP_OUTCOME =
      name(WireNames.LAST_STARTUP_OUTCOME);
  private static final SerializableString SURFACE_REQUESTS = name(WireNames.SURFACE_REQUESTS);
  private static final SerializableString BUILTIN_TOOL_CALLS = name(WireNames.BUILTIN_TOOL_CALLS);
  private static final SerializableString UPSTREAM_TOOL_CALL_COUNT_BUCKET =
      name(WireNames.UPSTREAM_TOOL_CALL_COUNT_BUCKET);
  private static final SerializableString REST_ENDPOINT_CALLS = name(WireNames.REST_ENDPOINT_CALLS);
  private static final SerializableString FEATURE_FLAGS = name(WireNames.FEATURE_FLAGS);
  private static final SerializableString ERROR_CATEGORY_COUNTS =
      name(WireNames.ERROR_CATEGORY_COUNTS);
  private static final SerializableString DOCTOR_CHECKS = name(WireNames.DOCTOR_CHECKS);
  private static final SerializableString SERVER_PROTOCOL_COUNTS =
      name(WireNames.SERVER_PROTOCOL_COUNTS);
  private static final SerializableString SERVER_DOCKER_ISOLATED_COUNT =
      name(WireNames.SERVER_DOCKER_ISOLATED_COUNT);
  private static final SerializableString ENV_KIND = name(WireNames.ENV_KIND);
  private static final SerializableString ENV_MARKERS = name(WireNames.ENV_MARKERS);
  private static final SerializableString ACTIVATION = name(WireNames.ACTIVATION);
  private static final SerializableString LAUNCH_SOURCE = name(WireNames.LAUNCH_SOURCE);
  private static final SerializableString AUTOSTART_ENABLED = name(WireNames.AUTOSTART_ENABLED);

  private static final SerializableString ENABLE_SOCKET = name(WireNames.ENABLE_SOCKET);
  private static final SerializableString ENABLE_WEB_UI = name(WireNames.ENABLE_WEB_UI);
  private static final SerializableString ENABLE_PROMPTS = name(WireNames.ENABLE_PROMPTS);
  private static final SerializableString REQUIRE_MCP_AUTH = name(WireNames.REQUIRE_MCP_AUTH);
  private static final SerializableString ENABLE_CODE_EXECUTION =
      name(WireNames.ENABLE_CODE_EXECUTION);
  private static final SerializableString SENSITIVE_DATA_DETECTION_ENABLED =
      name(WireNames.SENSITIVE_DATA_DETECTION_ENABLED);
  private static final SerializableString OAUTH_PROVIDER_TYPES =
      name(WireNames.OAUTH_PROVIDER_TYPES);
  private static final SerializableString DOCKER_AVAILABLE = name(WireNames.DOCKER_AVAILABLE);

  private static final SerializableString PASS = name(WireNames.PASS);
  private static final SerializableString FAIL = name(WireNames.FAIL);

  private static final SerializableString HAS_CI_ENV = name(WireNames.HAS_CI_ENV);
  private static final SerializableString HAS_CLOUD_IDE_ENV = name(WireNames.HAS_CLOUD_IDE_ENV);
  private static final SerializableString IS_CONTAINER = name(WireNames.IS_CONTAINER);
  private static final SerializableString HAS_TTY = name(WireNames.HAS_TTY);
  private static final SerializableString HAS_DISPLAY = name(WireNames.HAS_DISPLAY);

  private static final SerializableString FIRST_CONNECTED_SERVER_EVER =
      name(WireNames.FIRST_CONNECTED_SERVER_EVER);
  private static final SerializableString FIRST_MCP_CLIENT_EVER =
      name(WireNames.FIRST_MCP_CLIENT_EVER);
  private static final SerializableString FIRST_RETRIEVE_TOOLS_CALL_EVER =
      name(WireNames.FIRST_RETRIEVE_TOOLS_CALL_EVER);
  private static final SerializableString MCP_CLIENTS_SEEN_EVER =
      name(WireNames.MCP_CLIENTS_SEEN_EVER);
  private static final SerializableString RETRIEVE_TOOLS_CALLS_24H =
      name(WireNames.RETRIEVE_TOOLS_CALLS_24H);
  private static final SerializableString ESTIMATED_TOKENS_SAVED_24H_BUCKET =
      name(WireNames.ESTIMATED_TOKENS_SAVED_24H_BUCKET);
  private static final SerializableString CONFIGURED_IDE_COUNT =
      name(WireNames.CONFIGURED_IDE_COUNT);

  private PayloadWriter() {}

  /**
   * Serialises a payload to compact UTF-8 JSON, the exact bytes sent to the endpoint.
   *
   * @param payload the payload
   * @return the JSON bytes
   * @throws NullPointerException when {@code payload} is {@code null}
   */
  public static byte[] toJson(HeartbeatPayload payload) {
    Objects.requireNonNull(payload, "payload");
    try (ByteArrayBuilder out = new ByteArrayBuilder(INITIAL_CAPACITY)) {
      try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        write(gen, payload);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise heartbeat payload", e);
    }
  }

  /**
   * Serialises a payload to indented JSON for people to read; same fields and order as {@link
   * #toJson}.
   *
   * @param payload the payload
   * @return the indented JSON text
   * @throws NullPointerException when {@code payload} is {@code null}
   */
  public static String toPrettyJson(HeartbeatPayload payload) {
    Objects.requireNonNull(payload, "payload");
    try (ByteArrayBuilder out = new ByteArrayBuilder(INITIAL_CAPACITY)) {
      try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        gen.useDefaultPrettyPrinter();
        write(gen, payload);
      }
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise heartbeat payload", e);
    }
  }

  /**
   * Formats an instant as RFC 3339 in UTC with whole seconds, such as {@code 2026-11-24T15:31:48Z}.
   *
   * @param instant the instant; its fraction of a second is dropped
   * @return the formatted time
   */
  public static String formatTimestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static void write(JsonGenerator gen, HeartbeatPayload p) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName(ANONYMOUS_ID);
    gen.writeString(p.anonymousId());
    gen.writeFieldName(VERSION);
    gen.writeString(p.version());
    gen.writeFieldName(EDITION);
    gen.writeString(p.edition().wireName());
    gen.writeFieldName(OS);
    gen.writeString(p.os());
    gen.writeFieldName(ARCH);
    gen.writeString(p.arch());
    gen.writeFieldName(GO_VERSION);
    gen.writeString(p.goVersion());
    gen.writeFieldName(SERVER_COUNT);
    gen.writeNumber(p.serverCount());
    gen.writeFieldName(CONNECTED_SERVER_COUNT);
    gen.writeNumber(p.connectedServerCount());
    gen.writeFieldName(TOOL_COUNT);
    gen.writeNumber(p.toolCount());
    gen.writeFieldName(UPTIME_HOURS);
    gen.writeNumber(p.uptimeHours());
    gen.writeFieldName(ROUTING_MODE);
    gen.writeString(p.routingMode());
    gen.writeFieldName(QUARANTINE_ENABLED);
    gen.writeBoolean(p.quarantineEnabled());
    gen.writeFieldName(TIMESTAMP);
    gen.writeString(formatTimestamp(p.timestamp()));

    if (p.schemaVersion() != 0) {
      gen.writeFieldName(SCHEMA_VERSION);
      gen.writeNumber(p.schemaVersion());
    }
    if (p.anonymousIdCreatedAt() != null) {
      gen.writeFieldName(ANONYMOUS_ID_CREATED_AT);
      gen.writeString(formatTimestamp(p.anonymousIdCreatedAt()));
    }
    writeStringIfPresent(gen, CURRENT_VERSION, p.currentVersion());
    gen.writeFieldName(PREVIOUS_VERSION);
    gen.writeString(p.previousVersion());
    if (p.lastStartupOutcome() != null) {
      gen.writeFieldName(LAST_STARTUP_OUTCOME);
      gen.writeString(p.lastStartupOutcome().wireName());
    }
    writeCounts(gen, SURFACE_REQUESTS, p.surfaceRequests(), false);
    writeCounts(gen, BUILTIN_TOOL_CALLS, p.builtinToolCalls(), false);
    writeStringIfPresent(gen, UPSTREAM_TOOL_CALL_COUNT_BUCKET, p.upstreamToolCallCountBucket());
    writeRestEndpointCalls(gen, p.restEndpointCalls());
    if (p.featureFlags() != null) {
      writeFeatureFlags(gen, p.featureFlags());
    }
    writeCounts(gen, ERROR_CATEGORY_COUNTS, p.errorCategoryCounts(), true);
    writeDoctorChecks(gen, p.doctorChecks());
    writeCounts(gen, SERVER_PROTOCOL_COUNTS, p.serverProtocolCounts(), false);
    if (p.serverDockerIsolatedCount() != 0) {
      gen.writeFieldName(SERVER_DOCKER_ISOLATED_COUNT);
      gen.writeNumber(p.serverDockerIsolatedCount());
    }
    if (p.envKind() != null) {
      gen.writeFieldName(ENV_KIND);
      gen.writeString(p.envKind().wireName());
    }
    if (p.envMarkers() != null) {
      writeEnvMarkers(gen, p.envMarkers());
    }
    if (p.activation() != null) {
      writeActivation(gen, p.activation());
    }
    if (p.launchSource() != null) {
      gen.writeFieldName(LAUNCH_SOURCE);
      gen.writeString(p.launchSource().wireName());
    }
    gen.writeFieldName(AUTOSTART_ENABLED);
    if (p.autostartEnabled() == null) {
      gen.writeNull();
    } else {
      gen.writeBoolean(p.autostartEnabled());
    }
    gen.writeEndObject();
  }

  private static void writeStringIfPresent(
      JsonGenerator gen, SerializableString field, @Nullable String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      gen.writeFieldName(field);
      gen.writeString(value);
    }
  }

  private static void writeCounts(
      JsonGenerator gen,
      SerializableString field,
      Map<String, ? extends Number> counts,
      boolean skipZeros)
      throws IOException {
    if (counts.isEmpty() || (skipZeros && allZero(counts))) {
      return;
    }
    gen.writeFieldName(field);
    gen.writeStartObject();
    for (Map.Entry<String, ? extends Number> entry : counts.entrySet()) {
      long count = entry.getValue().longValue();
      if (!skipZeros || count != 0) {
        gen.writeFieldName(entry.getKey());
        gen.writeNumber(count);
      }
    }
    gen.writeEndObject();
  }

  private static boolean allZero(Map<String, ? extends Number> counts) {
    for (Number count : counts.values()) {
      if (count.longValue() != 0) {
        return false;
      }
    }
    return true;
  }

  private static void writeRestEndpointCalls(
      JsonGenerator gen, Map<String, ? extends Map<String, Long>> calls) throws IOException {
    if (calls.isEmpty()) {
      return;
    }
    gen.writeFieldName(REST_ENDPOINT_CALLS);
    gen.writeStartObject();
    for (Map.Entry<String, ? extends Map<String, Long>> route : calls.entrySet()) {
      gen.writeFieldName(route.getKey());
      gen.writeStartObject();
      for (Map.Entry<String, Long> statusClass : route.getValue().entrySet()) {
        gen.writeFieldName(statusClass.getKey());
        gen.writeNumber(statusClass.getValue());
      }
      gen.writeEndObject();
    }
    gen.writeEndObject();
  }

  private static void writeFeatureFlags(JsonGenerator gen, FeatureFlagSnapshot flags)
      throws IOException {
    gen.writeFieldName(FEATURE_FLAGS);
    gen.writeStartObject();
    writeBoolean(gen, ENABLE_SOCKET, flags.enableSocket());
    writeBoolean(gen, ENABLE_WEB_UI, flags.enableWebUi());
    writeBoolean(gen, ENABLE_PROMPTS, flags.enablePrompts());
    writeBoolean(gen, REQUIRE_MCP_AUTH, flags.requireMcpAuth());
    writeBoolean(gen, ENABLE_CODE_EXECUTION, flags.enableCodeExecution());
    writeBoolean(gen, QUARANTINE_ENABLED, flags.quarantineEnabled());
    writeBoolean(gen, SENSITIVE_DATA_DETECTION_ENABLED, flags.sensitiveDataDetectionEnabled());
    gen.writeFieldName(OAUTH_PROVIDER_TYPES);
    gen.writeStartArray();
    for (String type : flags.oauthProviderTypes()) {
      gen.writeString(type);
    }
    gen.writeEndArray();
    writeBoolean(gen, DOCKER_AVAILABLE, flags.dockerAvailable());
    gen.writeEndObject();
  }

  private static void writeDoctorChecks(JsonGenerator gen, Map<String, DoctorCounts> checks)
      throws IOException {
    if (checks.isEmpty()) {
      return;
    }
    gen.writeFieldName(DOCTOR_CHECKS);
    gen.writeStartObject();
    for (Map.Entry<String, DoctorCounts> check : checks.entrySet()) {
      gen.writeFieldName(check.getKey());
      gen.writeStartObject();
      gen.writeFieldName(PASS);
      gen.writeNumber(check.getValue().pass());
      gen.writeFieldName(FAIL);
      gen.writeNumber(check.getValue().fail());
      gen.writeEndObject();
    }
    gen.writeEndObject();
  }

  private static void writeEnvMarkers(JsonGenerator gen, EnvMarkers markers) throws IOException {
    gen.writeFieldName(ENV_MARKERS);
    gen.writeStartObject();
    writeBoolean(gen, HAS_CI_ENV, markers.hasCiEnv());
    writeBoolean(gen, HAS_CLOUD_IDE_ENV, markers.hasCloudIdeEnv());
    writeBoolean(gen, IS_CONTAINER, markers.isContainer());
    writeBoolean(gen, HAS_TTY, markers.hasTty());
    writeBoolean(gen, HAS_DISPLAY, markers.hasDisplay());
    gen.writeEndObject();
  }

  private static void writeActivation(JsonGenerator gen, ActivationState activation)
      throws IOException {
    gen.writeFieldName(ACTIVATION);
    gen.writeStartObject();
    writeBoolean(gen, FIRST_CONNECTED_SERVER_EVER, activation.firstConnectedServerEver());
    writeBoolean(gen, FIRST_MCP_CLIENT_EVER, activation.firstMcpClientEver());
    writeBoolean(gen, FIRST_RETRIEVE_TOOLS_CALL_EVER, activation.firstRetrieveToolsCallEver());
    gen.writeFieldName(MCP_CLIENTS_SEEN_EVER);
    gen.writeStartArray();
    for (String client : activation.mcpClientsSeenEver()) {
      gen.writeString(client);
    }
    gen.writeEndArray();
    gen.writeFieldName(RETRIEVE_TOOLS_CALLS_24H);
    gen.writeNumber(activation.retrieveToolsCalls24h());
    gen.writeFieldName(ESTIMATED_TOKENS_SAVED_24H_BUCKET);
    gen.writeString(activation.estimatedTokensSaved24hBucket());
    gen.writeFieldName(CONFIGURED_IDE_COUNT);
    gen.writeNumber(activation.configuredIdeCount());
    gen.writeEndObject();
  }

  private static void writeBoolean(JsonGenerator gen, SerializableString field, boolean value)
      throws IOException {
    gen.writeFieldName(field);
    gen.writeBoolean(value);
  }

  private static SerializableString name(String value) {
    return new SerializedString(value);
  }
}
