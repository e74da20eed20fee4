package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.LaunchSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeCheckerTest {
  @Test
  void noneNeverReportsATrayLaunch() {
    assertThat(HandshakeChecker.none().launchedViaTray()).isFalse();
    assertThat(LaunchSourceDetector.detect(Map.of(), HandshakeChecker.none(), null, null))
        .isEqualTo(LaunchSource.UNKNOWN);
  }
}
