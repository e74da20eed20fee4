package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.model.EnvDisabledReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptOutDecisionTest {
  @Test
  void sourcesAreCopied() {
    List<OptOutSource> sources = new ArrayList<>();
    sources.add(new OptOutSource("default", "true", true));

    OptOutDecision decision = new OptOutDecision(true, EnvDisabledReason.NONE, "default", sources);
    sources.clear();

    assertThat(decision.sources()).hasSize(1);
  }

  @Test
  void anEnvironmentReasonCannotComeWithTelemetryEnabled() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new OptOutDecision(true, EnvDisabledReason.CI, "CI", List.of()))
        .withMessageContaining("CI");
  }

  @Test
  void anEnvironmentReasonMustBeTheDecidingSource() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new OptOutDecision(false, EnvDisabledReason.DO_NOT_TRACK, "config", List.of()))
        .withMessageContaining("config")
        .withMessageContaining("DO_NOT_TRACK");
  }

  @Test
  void nullPartsAreRejected() {
    assertThatNullPointerException()
        .isThrownBy(() -> new OptOutDecision(true, null, "default", List.of()))
        .withMessage("envReason");
    assertThatNullPointerException()
        .isThrownBy(() -> new OptOutDecision(true, EnvDisabledReason.NONE, null, List.of()))
        .withMessage("decidedBy");
    assertThatNullPointerException()
        .isThrownBy(() -> new OptOutSource(null, "1", false))
        .withMessage("name");
  }
}
