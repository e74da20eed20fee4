package app.mcpproxy.telemetry.activation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientNamesTest {

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "Claude-Code|claude-code",
        " cursor |cursor",
        "a/b|unknown",
        "a\\b|unknown",
        "x@y|unknown",
        "..|unknown",
        "a..b|unknown",
        "a.b|a.b",
        "vs code|unknown",
        "VS_Code-1.2|vs_code-1.2",
        ".hidden|unknown",
        "-dash|unknown",
        "_under|unknown",
        "zed|zed",
        "0day|0day",
        "name:1|unknown",
        "unknown|unknown",
      })
  void sanitisesNames(String raw, String expected) {
    assertThat(ClientNames.sanitize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n"})
  void emptyOrMissingNamesBecomeUnknown(String raw) {
    assertThat(ClientNames.sanitize(raw)).isEqualTo(ClientNames.UNKNOWN);
  }

  @Test
  void trimsTabsAndNewlines() {
    assertThat(ClientNames.sanitize("\tWindsurf\n")).isEqualTo("windsurf");
  }

  @Test
  void keepsNamesOfSixtyFourCharacters() {
    String name = "a".repeat(64);

    assertThat(ClientNames.sanitize(name)).isEqualTo(name);
  }

  @Test
  void rejectsNamesOfSixtyFiveCharacters() {
    assertThat(ClientNames.sanitize("a".repeat(65))).isEqualTo(ClientNames.UNKNOWN);
  }

  @Test
  void measuresLengthAfterTrimming() {
    String name = "b".repeat(64);

    assertThat(ClientNames.sanitize("  " + name + "  ")).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\u212A", "\u212Aode", "cl\u0130ent", "caf\u00e9", "\uff43ursor", "\u0131"})
  void rejectsNonAsciiEvenWhenItLowerCasesToAscii(String raw) {
    assertThat(ClientNames.sanitize(raw)).isEqualTo(ClientNames.UNKNOWN);
  }
}
