package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void oneLineUsesTheFirstMessageAlongTheCauses() {
    Exception failure = new RuntimeException(null, new IOException("disk full"));

    assertThat(Messages.oneLine(failure)).isEqualTo("disk full");
  }

  @Test
  void oneLineFallsBackToTheClassName() {
    assertThat(Messages.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
  }

  @Test
  void flattenJoinsLinesSoTheReasonStaysOnOneLine() {
    assertThat(Messages.flatten("bad config\n  at line 3\r\ncolumn 7\n"))
        .isEqualTo("bad config; at line 3; column 7");
  }
}
