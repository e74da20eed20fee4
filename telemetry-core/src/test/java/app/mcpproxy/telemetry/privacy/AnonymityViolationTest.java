package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.privacy.AnonymityViolation.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnonymityViolationTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({
    "BLOCKED_PREFIX, blocked_prefix",
    "BLOCKED_VALUE, blocked_value",
    "MALFORMED_PAYLOAD, malformed_payload",
    "ENV_MARKERS_NON_BOOL, env_markers_non_bool"
  })
  void rulesHaveStableWireNames(Rule rule, String wireName) {
    assertThat(rule.wireName()).isEqualTo(wireName);
  }

  @Test
  void rulesAreInPrecedenceOrder() {
    assertThat(Rule.values())
        .containsExactly(
            Rule.BLOCKED_PREFIX,
            Rule.SECRET,
            Rule.BLOCKED_VALUE,
            Rule.MALFORMED_PAYLOAD,
            Rule.ENV_MARKERS_NON_BOOL);
  }

  @Test
  void messageNamesRulePatternAndReason() {
    AnonymityViolation violation =
        new AnonymityViolation(Rule.BLOCKED_VALUE, "hostname", "a string value contains it");
    assertThat(violation.message())
        .isEqualTo("blocked_value (hostname): a string value contains it");
  }

  @Test
  void rejectsNullComponents() {
    assertThatThrownBy(() -> new AnonymityViolation(null, "p", "r"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("rule");
    assertThatThrownBy(() -> new AnonymityViolation(Rule.BLOCKED_PREFIX, null, "r"))
        .hasMessageContaining("pattern");
    assertThatThrownBy(() -> new AnonymityViolation(Rule.BLOCKED_PREFIX, "p", null))
        .hasMessageContaining("reason");
  }

  @Test
  void exceptionCarriesTheViolationThroughSerialization() throws Exception {
    AnonymityViolation violation =
        new AnonymityViolation(Rule.BLOCKED_PREFIX, "/home/", "a string value contains it");
    AnonymityViolationException exception = new AnonymityViolationException(violation);
    assertThat(exception).hasMessage("telemetry anonymity violation: " + violation.message());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(exception);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      AnonymityViolationException copy = (AnonymityViolationException) in.readObject();
      assertThat(copy.violation()).isEqualTo(violation);
    }
  }
}
