package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

import app.mcpproxy.telemetry.model.EnvDisabledReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptOutTest {
  @Nested
  class Check {
    @ParameterizedTest(name = "{0}=''{1}'' -> {2}")
    @CsvSource(
        delimiter = '|',
        value = {
          "DO_NOT_TRACK       | 1       | DO_NOT_TRACK",
          "DO_NOT_TRACK       | ' 1 '   | DO_NOT_TRACK",
          "DO_NOT_TRACK       | true    | DO_NOT_TRACK",
          "DO_NOT_TRACK       | false   | DO_NOT_TRACK",
          "DO_NOT_TRACK       | yes     | DO_NOT_TRACK",
          "DO_NOT_TRACK       | 00      | DO_NOT_TRACK",
          "DO_NOT_TRACK       | 0       | NONE",
          "DO_NOT_TRACK       | ' 0 '   | NONE",
          "DO_NOT_TRACK       | ''      | NONE",
          "DO_NOT_TRACK       | '   '   | NONE",
          "CI                 | true    | CI",
          "CI                 | TRUE    | CI",
          "CI                 | True    | CI",
          "CI                 | 1       | CI",
          "CI                 | yes     | CI",
          "CI                 | YES     | CI",
          "CI                 | ' true '| CI",
          "CI                 | false   | NONE",
          "CI                 | 0       | NONE",
          "CI                 | no      | NONE",
          "CI                 | ''      | NONE",
          "CI                 | gitlab  | NONE",
          "CI                 | yeſ     | NONE",
          "MCPPROXY_TELEMETRY | false   | MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY | FALSE   | MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY | 0       | MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY | no      | MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY | Off     | MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY | ' off ' | MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY | true    | NONE",
          "MCPPROXY_TELEMETRY | 1       | NONE",
          "MCPPROXY_TELEMETRY | on      | NONE",
          "MCPPROXY_TELEMETRY | ''      | NONE",
          "MCPPROXY_TELEMETRY | disable | NONE",
          "MCPPROXY_TELEMETRY | ofF     | MCPPROXY_TELEMETRY",
          "OTHER              | false   | NONE"
        })
    void eachVariableOptsOutOnlyWithItsValues(
        String name, String value, EnvDisabledReason expected) {
      assertThat(OptOut.check(Map.of(name, value))).isEqualTo(expected);
    }

    @Test
    void nothingSetMeansNoReason() {
      assertThat(OptOut.check(Map.of())).isEqualTo(EnvDisabledReason.NONE);
    }

    @Test
    void doNotTrackWinsOverCiWhichWinsOverMcpproxyTelemetry() {
      Map<String, String> all =
          Map.of("DO_NOT_TRACK", "1", "CI", "true", "MCPPROXY_TELEMETRY", "false");

      assertThat(OptOut.check(all)).isEqualTo(EnvDisabledReason.DO_NOT_TRACK);
      assertThat(OptOut.check(Map.of("CI", "1", "MCPPROXY_TELEMETRY", "off")))
          .isEqualTo(EnvDisabledReason.CI);
      assertThat(OptOut.check(Map.of("DO_NOT_TRACK", "0", "MCPPROXY_TELEMETRY", "no")))
          .isEqualTo(EnvDisabledReason.MCPPROXY_TELEMETRY);
    }

    @Test
    void reasonsCarryTheirWireNames() {
      assertThat(OptOut.check(Map.of("MCPPROXY_TELEMETRY", "off")).wireName())
          .isEqualTo("MCPPROXY_TELEMETRY=false");
    }

    @Test
    void nullEnvironmentIsRejected() {
      assertThatNullPointerException().isThrownBy(() -> OptOut.check(null)).withMessage("env");
    }
  }

  @Nested
  class Decide {
    @ParameterizedTest(name = "env={0} config={1} -> enabled={2} by {3}")
    @CsvSource(
        delimiter = '|',
        value = {
          "                          |       | true  | default",
          "                          | true  | true  | config",
          "                          | false | false | config",
          "DO_NOT_TRACK=1            | true  | false | DO_NOT_TRACK",
          "DO_NOT_TRACK=0            | true  | true  | config",
          "DO_NOT_TRACK=0            |       | true  | default",
          "CI=TRUE                   | true  | false | CI",
          "CI=false                  | false | false | config",
          "MCPPROXY_TELEMETRY=Off    |       | false | MCPPROXY_TELEMETRY=false",
          "MCPPROXY_TELEMETRY=true   | false | false | config",
          "MCPPROXY_TELEMETRY=true   |       | true  | default"
        })
    void environmentWinsThenConfigThenDefault(
        String assignment, Boolean config, boolean enabled, String decidedBy) {
      OptOutDecision decision = OptOut.decide(envOf(assignment), Optional.ofNullable(config));

      assertThat(decision.enabled()).isEqualTo(enabled);
      assertThat(decision.decidedBy()).isEqualTo(decidedBy);
      assertThat(decision.sources()).filteredOn(OptOutSource::decided).hasSize(1);
    }

    @Test
    void listsEverySourceInPrecedenceOrderWithItsCurrentValue() {
      Map<String, String> env = Map.of("DO_NOT_TRACK", "0", "CI", " TRUE ");

      OptOutDecision decision = OptOut.decide(env, Optional.of(true));

      assertThat(decision)
          .isEqualTo(
              new OptOutDecision(
                  false,
                  EnvDisabledReason.CI,
                  "CI",
                  List.of(
                      new OptOutSource("DO_NOT_TRACK", "0", false),
                      new OptOutSource("CI", " TRUE ", true),
                      new OptOutSource("MCPPROXY_TELEMETRY", null, false),
                      new OptOutSource("config", "true", false),
                      new OptOutSource("default", "true", false))));
      assertThat(decision.disabledByEnv()).isTrue();
    }

    @Test
    void configDecidesWhenNoVariableOptsOut() {
      OptOutDecision decision =
          OptOut.decide(Map.of("MCPPROXY_TELEMETRY", "yes"), Optional.of(false));

      assertThat(decision.envReason()).isEqualTo(EnvDisabledReason.NONE);
      assertThat(decision.disabledByEnv()).isFalse();
      assertThat(decision.sources())
          .containsExactly(
              new OptOutSource("DO_NOT_TRACK", null, false),
              new OptOutSource("CI", null, false),
              new OptOutSource("MCPPROXY_TELEMETRY", "yes", false),
              new OptOutSource("config", "false", true),
              new OptOutSource("default", "true", false));
    }

    @Test
    void defaultDecidesWhenNothingIsSet() {
      OptOutDecision decision = OptOut.decide(Map.of(), Optional.empty());

      assertThat(decision.enabled()).isTrue();
      assertThat(decision.decidedBy()).isEqualTo(OptOutDecision.DECIDED_BY_DEFAULT);
      assertThat(decision.sources())
          .extracting(OptOutSource::name, OptOutSource::value, OptOutSource::decided)
          .containsExactly(
              tuple("DO_NOT_TRACK", null, false),
              tuple("CI", null, false),
              tuple("MCPPROXY_TELEMETRY", null, false),
              tuple("config", null, false),
              tuple("default", "true", true));
    }

    @Test
    void nullArgumentsAreRejectedByName() {
      assertThatNullPointerException()
          .isThrownBy(() -> OptOut.decide(null, Optional.empty()))
          .withMessage("env");
      assertThatNullPointerException()
          .isThrownBy(() -> OptOut.decide(Map.of(), null))
          .withMessage("configEnabled");
    }

    private Map<String, String> envOf(String assignment) {
      Map<String, String> env = new HashMap<>();
      if (assignment != null) {
        String[] parts = assignment.split("=", 2);
        env.put(parts[0], parts[1]);
      }
      return env;
    }
  }
}
