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
  void aPathThatCannotBeInspectedCountsAsExisting() {
    // A name longer than the file system allows fails with "file name too long", which is not "no
    // such file" on any JDK (newer JDKs report "not a directory" as "no such file").
    String tooLong = dir.resolve("x".repeat(5_000)).toString();

    assertThat(prober.exists(tooLong)).isTrue();
  }
}
