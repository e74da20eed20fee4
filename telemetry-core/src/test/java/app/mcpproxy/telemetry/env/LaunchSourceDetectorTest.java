package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.model.LaunchSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchSourceDetectorTest {
  private static final Map<String, String> INSTALLER = Map.of("MCPPROXY_LAUNCHED_BY", "installer");

  @ParameterizedTest(name = "installer={0} tray={1} loginItem={2} tty={3} -> {4}")
  @CsvSource({
    "true,  true,  true,  true,  INSTALLER",
    "true,  false, false, false, INSTALLER",
    "false, true,  true,  true,  TRAY",
    "false, true,  false, false, TRAY",
    "false, false, true,  true,  LOGIN_ITEM",
    "false, false, true,  false, LOGIN_ITEM",
    "false, false, false, true,  CLI",
    "false, false, false, false, UNKNOWN"
  })
  void firstMatchingRuleWins(
      boolean installer, boolean tray, boolean loginItem, boolean tty, LaunchSource expected) {
    Map<String, String> env = installer ? INSTALLER : Map.of();

    assertThat(LaunchSourceDetector.detect(env, () -> tray, () -> loginItem, () -> tty))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"installer", "INSTALLER", "Installer", " installer ", "installer\n"})
  void installerVariableIsTrimmedAndMatchedInAnyCase(String value) {
    assertThat(LaunchSourceDetector.detect(Map.of("MCPPROXY_LAUNCHED_BY", value), null, null, null))
        .isEqualTo(LaunchSource.INSTALLER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "install", "installer2", "tray", "login_item", "ınstaller"})
  void otherLauncherValuesAreIgnored(String value) {
    assertThat(LaunchSourceDetector.detect(Map.of("MCPPROXY_LAUNCHED_BY", value), null, null, null))
        .isEqualTo(LaunchSource.UNKNOWN);
  }

  @Test
  void nullCheckersCountAsFalse() {
    assertThat(LaunchSourceDetector.detect(Map.of(), null, null, null))
        .isEqualTo(LaunchSource.UNKNOWN);
    assertThat(LaunchSourceDetector.detect(Map.of(), null, null, () -> true))
        .isEqualTo(LaunchSource.CLI);
    assertThat(LaunchSourceDetector.detect(Map.of(), null, () -> true, null))
        .isEqualTo(LaunchSource.LOGIN_ITEM);
    assertThat(LaunchSourceDetector.detect(Map.of(), () -> true, null, null))
        .isEqualTo(LaunchSource.TRAY);
    assertThat(LaunchSourceDetector.detect(INSTALLER, null, null, null))
        .isEqualTo(LaunchSource.INSTALLER);
  }

  @Test
  void laterCheckersAreNotAskedOnceARuleMatched() {
    TTYChecker tty =
        () -> {
          throw new AssertionError("the terminal must not be probed");
        };

    assertThat(LaunchSourceDetector.detect(Map.of(), () -> true, null, tty))
        .isEqualTo(LaunchSource.TRAY);
  }

  @Test
  void nullEnvironmentIsRejected() {
    assertThatNullPointerException()
        .isThrownBy(() -> LaunchSourceDetector.detect(null, null, null, null))
        .withMessage("env");
  }
}
