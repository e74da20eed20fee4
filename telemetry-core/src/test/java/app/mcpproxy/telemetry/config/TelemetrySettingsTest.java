package app.mcpproxy.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetrySettingsTest {
  private final TelemetrySettings full =
      new TelemetrySettings(
          true, "id", "2026-01-01T00:00:00Z", "https://c.example", "v1", "ok", true);

  @Test
  void emptyStringsAreAbsent() {
    assertThat(new TelemetrySettings(null, "", "", "", "", "", false))
        .isEqualTo(TelemetrySettings.empty());
  }

  @Test
  void enabledChoiceIsEmptyWhenNotSet() {
    assertThat(TelemetrySettings.empty().enabledChoice()).isEmpty();
    assertThat(full.enabledChoice()).contains(true);
  }

  @Test
  void eachWithMethodChangesOnlyItsKey() {
    assertThat(full.withEnabled(false))
        .isEqualTo(
            new TelemetrySettings(
                false, "id", "2026-01-01T00:00:00Z", "https://c.example", "v1", "ok", true));
    assertThat(full.withAnonymousId("id2"))
        .isEqualTo(
            new TelemetrySettings(
                true, "id2", "2026-01-01T00:00:00Z", "https://c.example", "v1", "ok", true));
    assertThat(full.withAnonymousIdCreatedAt("t"))
        .isEqualTo(new TelemetrySettings(true, "id", "t", "https://c.example", "v1", "ok", true));
    assertThat(full.withEndpoint(null))
        .isEqualTo(
            new TelemetrySettings(true, "id", "2026-01-01T00:00:00Z", null, "v1", "ok", true));
    assertThat(full.withLastReportedVersion("v2"))
        .isEqualTo(
            new TelemetrySettings(
                true, "id", "2026-01-01T00:00:00Z", "https://c.example", "v2", "ok", true));
    assertThat(full.withLastStartupOutcome("port_conflict"))
        .isEqualTo(
            new TelemetrySettings(
                true,
                "id",
                "2026-01-01T00:00:00Z",
                "https://c.example",
                "v1",
                "port_conflict",
                true));
    assertThat(full.withNoticeShown(false))
        .isEqualTo(
            new TelemetrySettings(
                true, "id", "2026-01-01T00:00:00Z", "https://c.example", "v1", "ok", false));
  }
}
