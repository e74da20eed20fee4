package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutostartReaderTest {
  @TempDir Path home;

  private final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
  private Path sidecar;

  @BeforeEach
  void locateSidecar() throws IOException {
    sidecar = home.resolve(".mcpproxy").resolve("tray-autostart.json");
    Files.createDirectories(sidecar.getParent());
  }

  private AutostartReader reader() {
    return AutostartReader.forHome(home, "darwin", clock);
  }

  private void write(String json) throws IOException {
    Files.writeString(sidecar, json, StandardCharsets.UTF_8);
  }

  @Nested
  class Content {
    @Test
    void enabledTrueReadsAsTrue() throws IOException {
      write("{\"enabled\": true, \"updated_at\": \"2025-06-01T11:00:00Z\"}");

      assertThat(reader().read()).contains(true);
    }

    @Test
    void enabledFalseReadsAsFalse() throws IOException {
      write("{\"enabled\": false, \"updated_at\": \"2025-06-01T11:00:00Z\"}");

      assertThat(reader().read()).contains(false);
    }

    @Test
    void otherFieldsAreIgnored() throws IOException {
      write("{\"enabled\": true, \"tray_version\": \"v1.0.0\", \"extra\": {\"a\": [1]}}");

      assertThat(reader().read()).contains(true);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "null",
          "{\"enabled\": null}",
          "{\"enabled\": \"true\"}",
          "{\"enabled\": 1}",
          "{\"enabled\": {}}",
          "{\"Enabled\": true}",
          "true",
          "[true]",
          "",
          "   ",
          "{\"enabled\": true",
          "{enabled: true}",
          "{\"enabled\": true} {\"enabled\": false}",
          "{\"enabled\": true, \"enabled\": false}"
        })
    void anythingButABooleanEnabledIsUnknown(String json) throws IOException {
      write(json);

      assertThat(reader().read()).isEmpty();
    }

    @Test
    void anOversizedFileIsUnknown() throws IOException {
      write("{\"enabled\": true, \"padding\": \"" + "x".repeat(70_000) + "\"}");

      assertThat(reader().read()).isEmpty();
    }

    @Test
    void linuxIsAlwaysUnknown() throws IOException {
      write("{\"enabled\": true}");

      assertThat(AutostartReader.forHome(home, "linux", clock).read()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"darwin", "windows", "freebsd"})
    void otherSystemsReadTheFile(String goOs) throws IOException {
      write("{\"enabled\": true}");

      assertThat(AutostartReader.forHome(home, goOs, clock).read()).contains(true);
    }
  }

  @Nested
  class Caching {
    @Test
    void anAnswerIsReusedWithinTheHour() throws IOException {
      write("{\"enabled\": true}");
      AutostartReader reader = reader();
      assertThat(reader.read()).contains(true);

      write("{\"enabled\": false}");
      clock.advance(Duration.ofMinutes(59).plusSeconds(59));

      assertThat(reader.read()).contains(true);
    }

    @Test
    void anAnswerExpiresAfterAnHour() throws IOException {
      write("{\"enabled\": true}");
      AutostartReader reader = reader();
      assertThat(reader.read()).contains(true);

      write("{\"enabled\": false}");
      clock.advance(AutostartReader.CACHE_TTL);

      assertThat(reader.read()).contains(false);
    }

    @Test
    void aDeletedFileIsNotNoticedWithinTheHour() throws IOException {
      write("{\"enabled\": true}");
      AutostartReader reader = reader();
      assertThat(reader.read()).contains(true);

      Files.delete(sidecar);
      clock.advance(Duration.ofMinutes(30));
      assertThat(reader.read()).contains(true);

      clock.advance(Duration.ofMinutes(30));
      assertThat(reader.read()).isEmpty();
    }

    @Test
    void aMissingFileIsNotCached() throws IOException {
      AutostartReader reader = reader();
      assertThat(reader.read()).isEmpty();

      write("{\"enabled\": true}");

      assertThat(reader.read()).contains(true);
    }

    @Test
    void aMalformedFileIsCachedAsUnknown() throws IOException {
      write("{not json");
      AutostartReader reader = reader();
      assertThat(reader.read()).isEmpty();

      write("{\"enabled\": true}");
      clock.advance(Duration.ofMinutes(10));
      assertThat(reader.read()).isEmpty();

      clock.advance(Duration.ofMinutes(50));
      assertThat(reader.read()).contains(true);
    }

    @Test
    void anUnreadableFileIsNotCached() throws IOException {
      Files.createDirectory(sidecar);
      AutostartReader reader = reader();
      assertThat(reader.read()).isEmpty();

      Files.delete(sidecar);
      write("{\"enabled\": false}");

      assertThat(reader.read()).contains(false);
    }

    @Test
    void aClockThatMovesBackRereadsTheFile() throws IOException {
      write("{\"enabled\": true}");
      AutostartReader reader = reader();
      assertThat(reader.read()).contains(true);

      write("{\"enabled\": false}");
      clock.advance(Duration.ofMinutes(-5));

      assertThat(reader.read()).contains(false);
    }
  }

  @Test
  void forHomeReadsTheTraySidecar() {
    assertThat(reader().sidecar()).isEqualTo(home.resolve(".mcpproxy/tray-autostart.json"));
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatNullPointerException()
        .isThrownBy(() -> new AutostartReader(null, "darwin", clock))
        .withMessage("sidecar");
    assertThatNullPointerException()
        .isThrownBy(() -> new AutostartReader(sidecar, null, clock))
        .withMessage("goOs");
    assertThatNullPointerException()
        .isThrownBy(() -> new AutostartReader(sidecar, "darwin", null))
        .withMessage("clock");
    assertThatNullPointerException()
        .isThrownBy(() -> AutostartReader.forHome(null, "darwin", clock))
        .withMessage("home");
  }
}
