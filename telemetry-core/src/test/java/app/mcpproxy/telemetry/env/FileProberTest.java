package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProberTest {
  @TempDir Path dir;

  private final FileProber prober = FileProber.system();

  @Test
  void anExistingFileExists() throws IOException {
    Path file = Files.createFile(dir.resolve(".dockerenv"));

    assertThat(prober.exists(file.toString())).isTrue();
  }

  @Test
  void anExistingDirectoryExists() {
    assertThat(prober.exists(dir.toString())).isTrue();
  }

  @Test
  void aMissingFileDoesNotExist() {
    assertThat(prober.exists(dir.resolve("missing").toString())).isFalse();
  }

  @Test
  void aLinkToAMissingFileDoesNotExist() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("missing"));

    assertThat(prober.exists(link.toString())).isFalse();
  }

  @Test
  void aPathThatCannotBeInspectedCountsAsExisting() throws IOException {
    // Looking inside a regular file fails with "not a directory", which is not "no such file".
    Path file = Files.createFile(dir.resolve("plain"));

    assertThat(prober.exists(file.resolve("inside").toString())).isTrue();
  }
}
