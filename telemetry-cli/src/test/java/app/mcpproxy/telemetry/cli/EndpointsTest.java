package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.service.TelemetryService;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:8787/v1", "https://telemetry.example.org/v1", " HTTP://h/ "})
  void parseAcceptsAbsoluteHttpUrls(String value) {
    assertThat(Endpoints.parse(value, "--endpoint")).isEqualTo(URI.create(value.trim()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:8787", "ftp://h/v1", "/v1", "http://", "http://a b/"})
  void parseRejectsAnythingElseNamingTheValue(String value) {
    assertThatThrownBy(() -> Endpoints.parse(value, "--endpoint"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--endpoint")
        .hasMessageContaining(value);
  }

  @Test
  void theDefaultIsTheServiceDefault() {
    assertThat(Endpoints.DEFAULT).isEqualTo(TelemetryService.DEFAULT_ENDPOINT);
  }
}
