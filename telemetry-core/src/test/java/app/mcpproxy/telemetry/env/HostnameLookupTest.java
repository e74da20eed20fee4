package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HostnameLookupTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

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
