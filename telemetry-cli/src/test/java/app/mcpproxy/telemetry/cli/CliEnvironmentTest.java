package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.env.ProcessEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CliEnvironmentTest {

  @Test
  void homeComesFromTheHomeVariableFirst() {
    assertThat(CliEnvironment.homeOf(Map.of("HOME", "/tmp/h"), "/root"))
        .isEqualTo(Path.of("/tmp/h"));
  }

  @Test
  void homeFallsBackToUserHomeWhenTheVariableIsUnsetOrBlank() {
    assertThat(CliEnvironment.homeOf(Map.of(), "/root")).isEqualTo(Path.of("/root"));
    assertThat(CliEnvironment.homeOf(Map.of("HOME", " "), "/root")).isEqualTo(Path.of("/root"));
  }

  @Test
  void theProcessIsDescribedOnceAndOnlyWhenAsked() {
    AtomicInteger made = new AtomicInteger();
    CliEnvironment environment =
        new CliEnvironment(
            Map.of(),
            Path.of("/tmp"),
            Clock.systemUTC(),
            () -> {
              made.incrementAndGet();
              return ProcessEnvironment.builder().build();
            });

    assertThat(made).hasValue(0);
    ProcessEnvironment first = environment.process();
    assertThat(environment.process()).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void variableIsTrimmedAndBlankMeansUnset() {
    CliEnvironment environment =
        new CliEnvironment(
            Map.of("A", " 1 ", "B", "  "),
            Path.of("/tmp"),
            Clock.systemUTC(),
            () -> ProcessEnvironment.builder().build());

    assertThat(environment.variable("A")).isEqualTo("1");
    assertThat(environment.variable("B")).isNull();
    assertThat(environment.variable("C")).isNull();
  }
}
