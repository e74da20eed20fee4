package app.mcpproxy.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InProcessFileLocksTest {
  private final Path file = Path.of("/tmp/in-process-locks-test/mcp_config.json.lock");

  @Test
  void forgetsAFileWhenItsLastUserLeaves() {
    InProcessFileLocks.Lease outer = InProcessFileLocks.INSTANCE.acquire(file);
    InProcessFileLocks.Lease inner = InProcessFileLocks.INSTANCE.acquire(file);
    assertThat(InProcessFileLocks.INSTANCE.size()).isEqualTo(1);

    inner.release();
    assertThat(InProcessFileLocks.INSTANCE.size()).isEqualTo(1);
    outer.release();
    assertThat(InProcessFileLocks.INSTANCE.size()).isZero();
  }
}
