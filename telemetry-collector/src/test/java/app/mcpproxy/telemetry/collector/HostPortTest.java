package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:8787, 127.0.0.1, 8787",
    "0.0.0.0:0, 0.0.0.0, 0",
    "localhost:80, localhost, 80",
    "'[::1]:9000', ::1, 9000"
  })
  void parsesHostAndPort(String text, String host, int port) {
    assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"8787", ":8787", "host:", "host:http", "host:70000", "::1:9000", "host:-1"})
  void refusesMalformedAddresses(String text) {
    assertThatThrownBy(() -> HostPort.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }
}
