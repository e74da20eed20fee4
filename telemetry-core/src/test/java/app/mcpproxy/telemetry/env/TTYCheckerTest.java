package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TTYCheckerTest {
  @Test
  void systemCheckerSaysNoWhenStandardInputIsAPipe() {
    // The build runs tests in a forked JVM whose standard streams are pipes.
    assertThat(TTYChecker.system().isTerminal()).isFalse();
  }
}
