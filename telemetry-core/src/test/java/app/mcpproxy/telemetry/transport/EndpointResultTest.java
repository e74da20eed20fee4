package app.mcpproxy.telemetry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointResultTest {
  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299})
  void twoHundredsAreSuccess(int status) {
    assertThat(EndpointResult.answered(status, Optional.empty()).isSuccess()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 199, 300, 304, 400, 429, 500, 503})
  void everythingElseIsNot(int status) {
    assertThat(EndpointResult.answered(status, Optional.empty()).isSuccess()).isFalse();
  }

  @Test
  void failureHasNoStatus() {
    EndpointResult result = EndpointResult.failed("timeout");

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.statusCode()).isZero();
    assertThat(result.describe()).isEqualTo("timeout");
  }

  @Test
  void rejectsBothOrNeitherOfStatusAndFailure() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new EndpointResult(0, Optional.empty(), Optional.empty()));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new EndpointResult(200, Optional.empty(), Optional.of("timeout")));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> EndpointResult.answered(42, Optional.of(Duration.ZERO)))
        .withMessageContaining("42");
  }
}
