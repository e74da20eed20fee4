package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.model.WireValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadVocabularyTest {

  @Test
  void holdsEveryWireNameOfTheModelEnums() {
    Stream.<WireValue[]>of(
            Surface.values(),
            BuiltinTool.values(),
            ErrorCategory.values(),
            EnvKind.values(),
            LaunchSource.values(),
            Edition.values(),
            StartupOutcome.values())
        .flatMap(Stream::of)
        .forEach(value -> assertThat(PayloadVocabulary.contains(value.wireName())).isTrue());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "0",
        "1-10",
        "11-100",
        "101-1000",
        "1000+",
        "1_100",
        "100_1k",
        "1k_10k",
        "10k_100k",
        "100k_plus",
        "stdio",
        "http",
        "sse",
        "streamable_http",
        "auto",
        "google",
        "github",
        "microsoft",
        "generic",
        "linux",
        "darwin",
        "windows",
        "freebsd",
        "amd64",
        "arm64",
        "386",
        "arm",
        "retrieve_tools",
        "direct",
        "code_execution"
      })
  void holdsBucketsProtocolsProvidersPlatformsAndRoutingModes(String word) {
    assertThat(PayloadVocabulary.contains(word)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {"anonymous_id", "has_display", "pass", "docker_available", "UNMATCHED", "5xx"})
  void holdsTheFieldNamesAtEveryLevelAndTheRestKeys(String word) {
    assertThat(PayloadVocabulary.contains(word)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"Server", "LINUX", "alice", "docker", "tools", "server-1", " linux"})
  void isExactAndCaseSensitive(String word) {
    assertThat(PayloadVocabulary.contains(word)).isFalse();
  }
}
