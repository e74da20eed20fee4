package app.mcpproxy.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

  @Test
  void positionedMessageNamesSourceLineAndColumn() {
    ConfigException e = new ConfigException("/a/mcp.json", 3, 14, "unexpected ','", null);

    assertThat(e).hasMessage("/a/mcp.json: line 3, column 14: unexpected ','");
    assertThat(e.source()).isEqualTo("/a/mcp.json");
    assertThat(e.line()).hasValue(3);
    assertThat(e.column()).hasValue(14);
  }

  @Test
  void messageWithoutPositionNamesSource() {
    IOException cause = new IOException("disk full");
    ConfigException e = new ConfigException("/a/mcp.json", "cannot update", cause);

    assertThat(e).hasMessage("/a/mcp.json: cannot update").hasCause(cause);
    assertThat(e.line()).isEmpty();
    assertThat(e.column()).isEmpty();
  }

  @Test
  void rejectsPositionsBelowOne() {
    assertThatThrownBy(() -> new ConfigException("x", 0, 1, "p", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 0");
  }
}
