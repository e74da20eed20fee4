package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockedValuesTest {

  private static List<String> sources(BlockedValues blocked) {
    return blocked.entries().stream().map(BlockedValues.Entry::source).toList();
  }

  @Nested
  class Of {

    @Test
    void keepsValuesLowerCasedInOrder() {
      assertThat(BlockedValues.of(List.of("Alice", "MY-HOST", "ghp_AbC")).values())
          .containsExactly("alice", "my-host", "ghp_abc");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" kept: {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "''       | false",
          "'   '    | false",
          "'ab'     | true",
          "'  ab  ' | true",
          "'abc'    | true",
          "' abc '  | true",
          "'日本'   | true",
          "'😀😀'   | true",
        })
    void ignoresOnlyBlankValues(String value, boolean kept) {
      assertThat(BlockedValues.of(List.of(value)).isEmpty()).isEqualTo(!kept);
    }

    @Test
    void stripsAndDeduplicatesIgnoringCase() {
      BlockedValues blocked = BlockedValues.of(List.of(" Alice ", "ALICE", "alice\n", "bob"));
      assertThat(blocked.values()).containsExactly("alice", "bob");
      assertThat(sources(blocked)).containsExactly("value_1", "value_4");
    }

    @Test
    void rejectsNullWithThePosition() {
      assertThatThrownBy(() -> BlockedValues.of(Arrays.asList("abc", null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("position 2");
      assertThatThrownBy(() -> BlockedValues.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void valuesAreUnmodifiable() {
      assertThatThrownBy(() -> BlockedValues.of(List.of("abc")).values().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void noneIsEmpty() {
    assertThat(BlockedValues.none().isEmpty()).isTrue();
    assertThat(BlockedValues.none().values()).isEmpty();
  }

  @Nested
  class FromProcess {

    @Test
    void collectsHostnameHomeAndTokens() {
      Map<String, String> env = new HashMap<>();
      env.put("GITHUB_TOKEN", "ghp_one");
      env.put("GITLAB_TOKEN", "glpat-two");
      env.put("OPENAI_API_KEY", "sk-three");
      env.put("ANTHROPIC_API_KEY", "sk-ant-four");
      env.put("GOOGLE_API_KEY", "AIzaFive");
      env.put("PATH", "/usr/bin");
      env.put("SECRET_OTHER", "not-collected");
      BlockedValues blocked =
          BlockedValues.fromProcess(
              Optional.of("Alice-MBP.local"), Optional.of(Path.of("/Users/Alice")), env);
      assertThat(blocked.values())
          .containsExactly(
              "alice-mbp.local",
              "alice-mbp",
              "alice",
              "ghp_one",
              "glpat-two",
              "sk-three",
              "sk-ant-four",
              "aizafive");
      assertThat(sources(blocked))
          .containsExactly(
              "hostname",
              "hostname",
              "home_dir_basename",
              "GITHUB_TOKEN",
              "GITLAB_TOKEN",
              "OPENAI_API_KEY",
              "ANTHROPIC_API_KEY",
              "GOOGLE_API_KEY");
    }

    @Test
    void keepsTheHostnameAndItsFirstLabel() {
      BlockedValues blocked =
          BlockedValues.fromProcess(Optional.of("db.example.org"), Optional.empty(), Map.of());
      assertThat(blocked.values()).containsExactly("db.example.org", "db");
    }

    @Test
    void hostnameWithoutDomainIsKeptOnce() {
      assertThat(
              BlockedValues.fromProcess(Optional.of("buildbox"), Optional.empty(), Map.of())
                  .values())
          .containsExactly("buildbox");
    }

    @Test
    void rootDirectoryHasNoBasename() {
      assertThat(BlockedValues.fromProcess(Optional.empty(), Optional.of(Path.of("/")), Map.of()))
          .matches(BlockedValues::isEmpty);
    }

    @Test
    void blankInputsGiveNothing() {
      Map<String, String> env = new HashMap<>();
      env.put("GITHUB_TOKEN", "");
      env.put("OPENAI_API_KEY", "  ");
      BlockedValues blocked =
          BlockedValues.fromProcess(Optional.of(" "), Optional.of(Path.of("/")), env);
      assertThat(blocked.isEmpty()).isTrue();
    }

    @Test
    void aValueSeenTwiceKeepsItsFirstSource() {
      BlockedValues blocked =
          BlockedValues.fromProcess(
              Optional.of("alice"), Optional.of(Path.of("/home/Alice")), Map.of());
      assertThat(blocked.values()).containsExactly("alice");
      assertThat(sources(blocked)).containsExactly("hostname");
    }

    @Test
    void rejectsNullArguments() {
      assertThatThrownBy(() -> BlockedValues.fromProcess(null, Optional.empty(), Map.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("hostname");
      assertThatThrownBy(() -> BlockedValues.fromProcess(Optional.empty(), null, Map.of()))
          .hasMessageContaining("home");
      assertThatThrownBy(() -> BlockedValues.fromProcess(Optional.empty(), Optional.empty(), null))
          .hasMessageContaining("env");
    }
  }

  @Test
  void tokenVariablesAreTheFiveWellKnownOnes() {
    assertThat(BlockedValues.tokenVariables())
        .containsExactly(
            "GITHUB_TOKEN",
            "GITLAB_TOKEN",
            "OPENAI_API_KEY",
            "ANTHROPIC_API_KEY",
            "GOOGLE_API_KEY");
  }

  @Test
  void toStringNamesSourcesButNeverValues() {
    BlockedValues blocked =
        BlockedValues.fromProcess(
            Optional.of("secret-host"),
            Optional.of(Path.of("/home/secretuser")),
            Map.of("GITHUB_TOKEN", "ghp_secretvalue"));
    assertThat(blocked.toString())
        .isEqualTo("BlockedValues[hostname, home_dir_basename, GITHUB_TOKEN]")
        .doesNotContain("secret");
    assertThat(blocked.entries().get(0).toString()).doesNotContain("secret");
  }
}
