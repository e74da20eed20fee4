package app.mcpproxy.telemetry.flags;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.config.HostConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerProtocolsTest {

  @ParameterizedTest(name = "\"{0}\" → {1}")
  @CsvSource({
    "stdio, stdio",
    "http, http",
    "sse, sse",
    "streamable_http, streamable_http",
    "auto, auto",
    "' STDIO ', stdio",
    "HTTP, http",
    "Sse, sse",
    "streamable-http, streamable_http",
    "Streamable-HTTP, streamable_http",
    "streamablehttp, streamable_http",
    "StreamableHttp, streamable_http",
    "'\tsse\n', sse",
  })
  void normalisesKnownProtocols(String protocol, String expected) {
    assertThat(ServerProtocols.bucket(protocol)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" → auto")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "websocket", "grpc", "streamable http", "https", "/Users/alice"})
  void emptyOrUnknownProtocolIsAuto(String protocol) {
    assertThat(ServerProtocols.bucket(protocol)).isEqualTo("auto");
  }

  @Test
  void allFiveKeysArePresentWithoutServers() {
    assertThat(ServerProtocols.count(HostConfig.empty()))
        .containsExactly(
            Map.entry("auto", 0),
            Map.entry("http", 0),
            Map.entry("sse", 0),
            Map.entry("stdio", 0),
            Map.entry("streamable_http", 0));
  }

  @Test
  void countsEveryConfiguredServer() throws Exception {
    HostConfig config =
        HostConfig.parse(
            """
            {"mcpServers": [
              {"name": "a", "protocol": "stdio"},
              {"name": "b", "protocol": "STDIO"},
              {"name": "c", "protocol": "streamable-http"},
              {"name": "d", "protocol": "http", "enabled": false},
              {"name": "e"},
              {"name": "f", "protocol": 42},
              {"name": "g", "protocol": "carrier-pigeon"}
            ]}
            """,
            "t");

    assertThat(ServerProtocols.count(config))
        .containsExactly(
            Map.entry("auto", 3),
            Map.entry("http", 1),
            Map.entry("sse", 0),
            Map.entry("stdio", 2),
            Map.entry("streamable_http", 1));
  }
}
