package app.mcpproxy.telemetry.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-24T15:31:48Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | PT0S",
        "1 | PT1S",
        " 120 | PT2M",
        "86400 | PT24H",
        "Tue, 24 Nov 2026 15:36:48 GMT | PT5M",
        "Tue, 24 Nov 2026 15:31:48 GMT | PT0S",
        "Mon, 23 Nov 2026 15:31:48 GMT | PT0S",
        "Wed, 25 Nov 2026 15:31:48 GMT | PT24H"
      })
  void parsesSecondsAndHttpDates(String header, Duration expected) {
    assertThat(RetryAfter.parse(header, NOW)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"  ", "-5", "1.5", "soon", "9999999999999", "2026-11-24T15:36:48Z", "0x10"})
  void ignoresMissingOrMalformedValues(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEmpty();
  }
}
