package app.mcpproxy.telemetry.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.ErrorCategory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ConnectFailuresTest {
  @Test
  void aTimeoutAnywhereInTheChainIsAConnectTimeout() {
    assertThat(ConnectFailures.classify(new RuntimeException(new TimeoutException())))
        .isEqualTo(ErrorCategory.UPSTREAM_CONNECT_TIMEOUT);
    assertThat(ConnectFailures.classify(new IOException(new SocketTimeoutException())))
        .isEqualTo(ErrorCategory.UPSTREAM_CONNECT_TIMEOUT);
  }

  @Test
  void theHttpClientsConnectTimeoutIsATimeoutThoughItsCauseIsAConnectException() {
    HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("connect timed out");
    timeout.initCause(new ConnectException("timed out"));

    assertThat(ConnectFailures.classify(new RuntimeException(timeout)))
        .isEqualTo(ErrorCategory.UPSTREAM_CONNECT_TIMEOUT);
  }

  @Test
  void aRefusedConnectionIsConnectRefused() {
    assertThat(ConnectFailures.classify(new RuntimeException(new ConnectException())))
        .isEqualTo(ErrorCategory.UPSTREAM_CONNECT_REFUSED);
  }

  @Test
  void anythingElseIsAFailedHandshake() {
    assertThat(ConnectFailures.classify(new IllegalStateException("bad protocol version")))
        .isEqualTo(ErrorCategory.UPSTREAM_HANDSHAKE_FAILED);
    assertThat(ConnectFailures.classify(null)).isEqualTo(ErrorCategory.UPSTREAM_HANDSHAKE_FAILED);
  }
}
