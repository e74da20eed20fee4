package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpCommandTest {
  @TempDir Path home;
  @TempDir Path nativeDir;

  private static List<Path> scratchDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("mcpproxy-telemetry-warm-up"))
          .toList();
    }
  }

  @Test
  void runsTheLocalCommandsSilentlyAndLeavesNothingBehind() throws IOException {
    List<Path> before = scratchDirectories();

    CliResult result = new InProcessCli(home).run("warm-up");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEmpty();
    assertThat(scratchDirectories()).isEqualTo(before);
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void placesSqliteNativeLibraryWhenAsked() throws IOException {
    CliResult result = new InProcessCli(home).run("warm-up", "--native-dir", nativeDir.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path library = nativeDir.resolve(System.mapLibraryName("sqlitejdbc"));
    assertThat(library).isRegularFile();
    assertThat(Files.size(library)).isPositive();
    try (Stream<Path> files = Files.list(nativeDir)) {
      assertThat(files).containsExactly(library);
    }
  }

  @Test
  void isHiddenFromHelp() {
    CliResult result = new InProcessCli(home).run("--help");

    assertThat(result.out()).doesNotContain("warm-up");
  }
}
