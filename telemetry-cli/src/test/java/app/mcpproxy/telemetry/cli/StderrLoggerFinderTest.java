package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StderrLoggerFinderTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void errorsAreWrittenAsOneLineWithTheirCause() {
    Logger logger = new StderrLoggerFinder(Level.ERROR, err).getLogger("x", getClass().getModule());

    logger.log(Level.ERROR, "heartbeat skipped", new IOException("connection refused"));

    assertThat(written())
        .isEqualTo("mcpproxy-telemetry: ERROR: heartbeat skipped: connection refused\n");
  }

  @Test
  void messagesBelowTheThresholdAreDropped() {
    Logger logger = new StderrLoggerFinder(Level.ERROR, err).getLogger("x", getClass().getModule());

    logger.log(Level.WARNING, "retrying in {0} s", 60);
    logger.log(Level.INFO, "sent");

    assertThat(written()).isEmpty();
    assertThat(logger.isLoggable(Level.WARNING)).isFalse();
  }

  @Test
  void parametersAreFormatted() {
    Logger logger = new StderrLoggerFinder(Level.INFO, err).getLogger("x", getClass().getModule());

    logger.log(Level.WARNING, "retrying in {0} s", 60);

    assertThat(written()).isEqualTo("mcpproxy-telemetry: WARNING: retrying in 60 s\n");
  }

  @ParameterizedTest
  @CsvSource({
    "'', ERROR",
    "off, OFF",
    "WARN, WARNING",
    "info, INFO",
    "debug, DEBUG",
    "trace, TRACE",
    "nonsense, ERROR"
  })
  void thresholdComesFromTheEnvironment(String value, Level expected) {
    assertThat(StderrLoggerFinder.thresholdFrom(Map.of(StderrLoggerFinder.LEVEL_VARIABLE, value)))
        .isEqualTo(expected);
  }

  @Test
  void offSilencesEverything() {
    Logger logger = new StderrLoggerFinder(Level.OFF, err).getLogger("x", getClass().getModule());

    logger.log(Level.ERROR, "boom");

    assertThat(written()).isEmpty();
  }
}
