package app.mcpproxy.telemetry.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstRunNoticeTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(printed, true, UTF_8);

  private Path configPath() {
    return dir.resolve(".mcpproxy/mcp_config.json");
  }

  private String printed() {
    return printed.toString(UTF_8);
  }

  @Test
  void textSaysWhatIsCollectedWhatNeverIsWhereToReadMoreAndHowToDisable() {
    assertThat(FirstRunNotice.TEXT)
        .contains("anonymous", "counts", "version", "OS")
        .contains("never file paths, host names, user names, server names,\nURLs or tool names")
        .contains("https://mcpproxy.app/telemetry")
        .contains("mcpproxy-telemetry disable", "DO_NOT_TRACK=1");
  }

  @Test
  void printsOnceWhenTelemetryIsOn() throws Exception {
    ConfigFile config = new ConfigFile(configPath());

    assertThat(FirstRunNotice.maybePrint(config, true, err)).isTrue();
    assertThat(FirstRunNotice.maybePrint(config, true, err)).isFalse();

    assertThat(printed()).isEqualTo(FirstRunNotice.TEXT);
    assertThat(config.read().noticeShown()).isTrue();
  }

  @Test
  void markPersistsForNewInstances() throws Exception {
    FirstRunNotice.maybePrint(new ConfigFile(configPath()), true, err);
    printed.reset();

    assertThat(FirstRunNotice.maybePrint(new ConfigFile(configPath()), true, err)).isFalse();
    assertThat(printed()).isEmpty();
    assertThat(Files.readString(configPath())).contains("\"notice_shown\": true");
  }

  @Test
  void marksButDoesNotPrintWhenTelemetryIsOff() throws Exception {
    ConfigFile config = new ConfigFile(configPath());

    assertThat(FirstRunNotice.maybePrint(config, false, err)).isFalse();
    assertThat(printed()).isEmpty();
    assertThat(config.read().noticeShown()).isTrue();

    assertThat(FirstRunNotice.maybePrint(config, true, err)).isFalse();
    assertThat(printed()).isEmpty();
  }

  @Test
  void keepsTheRestOfTheConfig() throws Exception {
    Files.createDirectories(configPath().getParent());
    Files.writeString(configPath(), "{\n  \"listen\": \":8080\",\n  \"telemetry\": {}\n}");

    FirstRunNotice.maybePrint(new ConfigFile(configPath()), true, err);

    assertThat(Files.readString(configPath()))
        .isEqualTo(
            "{\n  \"listen\": \":8080\",\n  \"telemetry\": {\n    \"notice_shown\": true\n  }\n}");
  }

  @Test
  void doesNotTouchAFileThatIsAlreadyMarked() throws Exception {
    Files.createDirectories(configPath().getParent());
    String original = "{\"telemetry\":{\"notice_shown\":true}}";
    Files.writeString(configPath(), original);

    assertThat(FirstRunNotice.maybePrint(new ConfigFile(configPath()), true, err)).isFalse();

    assertThat(Files.readString(configPath())).isEqualTo(original);
    assertThat(configPath().resolveSibling("mcp_config.json.lock")).doesNotExist();
  }

  @Test
  void neitherPrintsNorMarksWhenTheConfigIsBroken() throws Exception {
    Files.createDirectories(configPath().getParent());
    Files.writeString(configPath(), "{broken");

    assertThatThrownBy(() -> FirstRunNotice.maybePrint(new ConfigFile(configPath()), true, err))
        .isInstanceOf(ConfigException.class);
    assertThat(printed()).isEmpty();
    assertThat(Files.readString(configPath())).isEqualTo("{broken");
  }
}
