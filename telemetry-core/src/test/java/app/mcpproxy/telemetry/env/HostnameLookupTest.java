package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostnameLookupTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void systemNameComesFromTheKernelFileWhenThereIsOne() throws IOException {
    Path kernelFile = Files.writeString(dir.resolve("hostname"), "kernel-box\n");

    assertThat(HostnameLookup.systemHostname(kernelFile)).isEqualTo("kernel-box");
  }

  @Test
  void systemNameFallsBackToTheResolverWithoutAKernelFile() throws IOException {
    Path missing = dir.resolve("missing");
    String resolved;
    try {
      resolved = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // A machine whose own name does not resolve: the same failure must come through.
      assertThatThrownBy(() -> HostnameLookup.systemHostname(missing))
          .isInstanceOf(UnknownHostException.class);
      return;
    }

    assertThat(HostnameLookup.systemHostname(missing)).isEqualTo(resolved);
  }

  @Test
  void returnsTheResolvedName() {
    HostnameLookup lookup =
        new HostnameLookup(() -> "build-box", TIMEOUT, Map.of("HOSTNAME", "other"));

    assertThat(lookup.find()).contains("build-box");
  }

  @Test
  void fallsBackToHostnameVariableWhenResolutionFails() {
    HostnameLookup lookup =
        new HostnameLookup(
            () -> {
              throw new UnknownHostException("no resolver");
            },
            TIMEOUT,
            Map.of("HOSTNAME", " box-from-env ", "COMPUTERNAME", "WIN-BOX"));

    assertThat(lookup.find()).contains("box-from-env");
  }

  @Test
  void fallsBackToComputerNameWhenHostnameIsUnset() {
    HostnameLookup lookup =
        new HostnameLookup(() -> " ", TIMEOUT, Map.of("HOSTNAME", "", "COMPUTERNAME", "WIN-BOX"));

    assertThat(lookup.find()).contains("WIN-BOX");
  }

  @Test
  void isEmptyWhenNothingKnowsTheName() {
    HostnameLookup lookup = new HostnameLookup(() -> null, TIMEOUT, Map.of());

    assertThat(lookup.find()).isEmpty();
  }

  @Test
  void aStalledResolutionIsAbandonedForTheVariable() {
    CountDownLatch neverDuringTheTest = new CountDownLatch(1);
    HostnameLookup lookup =
        new HostnameLookup(
            () -> {
              neverDuringTheTest.await();
              return "too-late";
            },
            Duration.ofMillis(20),
            Map.of("HOSTNAME", "box-from-env"));
    try {
      assertThat(lookup.find()).contains("box-from-env");
    } finally {
      neverDuringTheTest.countDown();
    }
  }
}
