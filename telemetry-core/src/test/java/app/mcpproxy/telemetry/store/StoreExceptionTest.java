package app.mcpproxy.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreExceptionTest {
  @Test
  void messageNamesFileOperationAndDetail() {
    IOException cause = new IOException("disk full");
    Path file = Path.of("/data/telemetry.db");

    StoreException e = new StoreException(file, "append to heartbeat log", "disk full", cause);

    assertThat(e)
        .hasMessage(
            "telemetry database /data/telemetry.db: append to heartbeat log failed: disk full")
        .hasCause(cause);
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.operation()).isEqualTo("append to heartbeat log");
  }
}
