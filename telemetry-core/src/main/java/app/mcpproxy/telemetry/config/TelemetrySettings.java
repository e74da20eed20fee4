package app.mcpproxy.telemetry.config;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code telemetry} object of the host's config file.
 *
 * <p>{@code null} means the key is absent. An empty string is treated as absent too, as mcpproxy
 * omits these keys when they are empty.
 *
 * @param enabled {@code enabled}: the user's choice, or {@code null} when not set (telemetry then
 *     defaults to on unless the environment opts out)
 * @param anonymousId {@code anonymous_id}: the per-install UUID, or {@code null}
 * @param anonymousIdCreatedAt {@code anonymous_id_created_at}: RFC 3339 time the id was made, or
 *     {@code null}
 * @param endpoint {@code endpoint}: the collector's base URL, or {@code null} for the default
 * @param lastReportedVersion {@code last_reported_version}: host version of the last successful
 *     send, or {@code null}
 * @param lastStartupOutcome {@code last_startup_outcome}: how the last start-up ended, or {@code
 *     null}
 * @param noticeShown {@code notice_shown}: whether the first-run notice has been dealt with
 */
public record TelemetrySettings(
    @Nullable Boolean enabled,
    @Nullable String anonymousId,
    @Nullable String anonymousIdCreatedAt,
    @Nullable String endpoint,
    @Nullable String lastReportedVersion,
    @Nullable String lastStartupOutcome,
    boolean noticeShown) {

  /** Turns empty strings into {@code null}, the one spelling of "absent". */
  public TelemetrySettings {
    anonymousId = absentIfEmpty(anonymousId);
    anonymousIdCreatedAt = absentIfEmpty(anonymousIdCreatedAt);
    endpoint = absentIfEmpty(endpoint);
    lastReportedVersion = absentIfEmpty(lastReportedVersion);
    lastStartupOutcome = absentIfEmpty(lastStartupOutcome);
  }

  /**
   * Returns settings with every key absent, as in a config without a {@code telemetry} object.
   *
   * @return the empty settings
   */
  public static TelemetrySettings empty() {
    return new TelemetrySettings(null, null, null, null, null, null, false);
  }

  /**
   * Returns the user's choice as an optional, as {@code OptOut.decide} takes it.
   *
   * @return the value of {@code enabled}, or empty when it is not set
   */
  public Optional<Boolean> enabledChoice() {
    return Optional.ofNullable(enabled);
  }

  /**
   * Returns a copy with {@code enabled} changed.
   *
   * @param value the new value, {@code null} to remove the key
   * @return the copy
   */
  public TelemetrySettings withEnabled(@Nullable Boolean value) {
    return new TelemetrySettings(
        value,
        anonymousId,
        anonymousIdCreatedAt,
        endpoint,
        lastReportedVersion,
        lastStartupOutcome,
        noticeShown);
  }

  /**
   * Returns a copy with {@code anonymous_id} changed.
   *
   * @param value the new value, {@code null} to remove the key
   * @return the copy
   */
  public TelemetrySettings withAnonymousId(@Nullable String value) {
    return new TelemetrySettings(
        enabled,
        value,
        anonymousIdCreatedAt,
        endpoint,
        lastReportedVersion,
        lastStartupOutcome,
        noticeShown);
  }

  /**
   * Returns a copy with {@code anonymous_id_created_at} changed.
   *
   * @param value the new value, {@code null} to remove the key
   * @return the copy
   */
  public TelemetrySettings withAnonymousIdCreatedAt(@Nullable String value) {
    return new TelemetrySettings(
        enabled,
        anonymousId,
        value,
        endpoint,
        lastReportedVersion,
        lastStartupOutcome,
        noticeShown);
  }

  /**
   * Returns a copy with {@code endpoint} changed.
   *
   * @param value the new value, {@code null} to remove the key
   * @return the copy
   */
  public TelemetrySettings withEndpoint(@Nullable String value) {
    return new TelemetrySettings(
        enabled,
        anonymousId,
        anonymousIdCreatedAt,
        value,
        lastReportedVersion,
        lastStartupOutcome,
        noticeShown);
  }

  /**
   * Returns a copy with {@code last_reported_version} changed.
   *
   * @param value the new value, {@code null} to remove the key
   * @return the copy
   */
  public TelemetrySettings withLastReportedVersion(@Nullable String value) {
    return new TelemetrySettings(
        enabled,
        anonymousId,
        anonymousIdCreatedAt,
        endpoint,
        value,
        lastStartupOutcome,
        noticeShown);
  }

  /**
   * Returns a copy with {@code last_startup_outcome} changed.
   *
   * @param value the new value, {@code null} to remove the key
   * @return the copy
   */
  public TelemetrySettings withLastStartupOutcome(@Nullable String value) {
    return new TelemetrySettings(
        enabled,
        anonymousId,
        anonymousIdCreatedAt,
        endpoint,
        lastReportedVersion,
        value,
        noticeShown);
  }

  /**
   * Returns a copy with {@code notice_shown} changed.
   *
   * @param value the new value
   * @return the copy
   */
  public TelemetrySettings withNoticeShown(boolean value) {
    return new TelemetrySettings(
        enabled,
        anonymousId,
        anonymousIdCreatedAt,
        endpoint,
        lastReportedVersion,
        lastStartupOutcome,
        value);
  }

  private static @Nullable String absentIfEmpty(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
