package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvKindDetectorTest {
  private static final FileProber NO_FILES = path -> false;
  private static final TTYChecker NO_TTY = () -> false;
  private static final TTYChecker TTY = () -> true;

  private static EnvDetection detect(Map<String, String> env) {
    return EnvKindDetector.detect(env, NO_FILES, "linux", NO_TTY);
  }

  @Nested
  class CiMarker {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "GITHUB_ACTIONS",
          "GITLAB_CI",
          "JENKINS_URL",
          "CIRCLECI",
          "BUILDKITE",
          "TF_BUILD",
          "TRAVIS",
          "DRONE",
          "BITBUCKET_BUILD_NUMBER",
          "TEAMCITY_VERSION",
          "APPVEYOR",
          "GITEA_ACTIONS"
        })
    void eachCiVariableAloneMeansCi(String name) {
      EnvDetection detection = detect(Map.of(name, "true"));

      assertThat(detection.kind()).isEqualTo(EnvKind.CI);
      assertThat(detection.markers().hasCiEnv()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0"})
    void ciVariablesOtherThanCiCountWithAnyValue(String value) {
      assertThat(detect(Map.of("GITHUB_ACTIONS", value)).markers().hasCiEnv()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "yes", "TRUE", " true ", "anything"})
    void ciCountsWhenSetToAnythingButFalseOrZero(String value) {
      assertThat(detect(Map.of("CI", value)).markers().hasCiEnv()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "False", " false ", "0", " 0\t"})
    void ciSetToFalseOrZeroIsNotCi(String value) {
      EnvDetection detection = detect(Map.of("CI", value));

      assertThat(detection.markers().hasCiEnv()).isFalse();
      assertThat(detection.kind()).isEqualTo(EnvKind.HEADLESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void emptyOrWhitespaceValuesDoNotCount(String value) {
      for (String name : EnvKindDetector.CI_VARIABLES) {
        assertThat(detect(Map.of(name, value)).markers().hasCiEnv()).as(name).isFalse();
      }
    }

    @Test
    void theTableCoversEveryCiVariable() {
      assertThat(EnvKindDetector.CI_VARIABLES).hasSize(13).contains("CI", "GITEA_ACTIONS");
    }
  }

  @Nested
  class CloudIdeMarker {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "CODESPACES",
          "GITPOD_WORKSPACE_ID",
          "REPL_ID",
          "STACKBLITZ_ENV",
          "STACKBLITZ_WORKER",
          "DAYTONA_WS_ID",
          "DAYTONA_WORKSPACE_ID",
          "CODER_AGENT_TOKEN"
        })
    void eachCloudIdeVariableAloneMeansCloudIde(String name) {
      EnvDetection detection = detect(Map.of(name, "x"));

      assertThat(detection.kind()).isEqualTo(EnvKind.CLOUD_IDE);
      assertThat(detection.markers().hasCloudIdeEnv()).isTrue();
      assertThat(detection.markers().hasCiEnv()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void emptyOrWhitespaceValuesDoNotCount(String value) {
      for (String name : EnvKindDetector.CLOUD_IDE_VARIABLES) {
        EnvDetection detection = detect(Map.of(name, value));
        assertThat(detection.markers().hasCloudIdeEnv()).as(name).isFalse();
        assertThat(detection.kind()).as(name).isEqualTo(EnvKind.HEADLESS);
      }
    }
  }

  @Nested
  class ContainerMarker {
    @ParameterizedTest
    @ValueSource(strings = {"/.dockerenv", "/run/.containerenv"})
    void eachMarkerFileMeansContainer(String file) {
      EnvDetection detection = EnvKindDetector.detect(Map.of(), file::equals, "linux", NO_TTY);

      assertThat(detection.kind()).isEqualTo(EnvKind.CONTAINER);
      assertThat(detection.markers().isContainer()).isTrue();
    }

    @Test
    void bothMarkerFilesAreProbed() {
      List<String> probed = new ArrayList<>();

      EnvKindDetector.detect(
          Map.of(),
          path -> {
            probed.add(path);
            return false;
          },
          "linux",
          NO_TTY);

      assertThat(probed).containsExactly("/.dockerenv", "/run/.containerenv");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"podman", "docker", "oci", "lxc", "systemd-nspawn", "Docker", " podman "})
    void eachContainerValueMeansContainer(String value) {
      EnvDetection detection = detect(Map.of("container", value));

      assertThat(detection.kind()).isEqualTo(EnvKind.CONTAINER);
      assertThat(detection.markers().isContainer()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "kvm", "wsl", "1", "true"})
    void otherContainerValuesDoNotCount(String value) {
      assertThat(detect(Map.of("container", value)).markers().isContainer()).isFalse();
    }

    @Test
    void theVariableNameIsCaseSensitive() {
      assertThat(detect(Map.of("CONTAINER", "docker")).markers().isContainer()).isFalse();
    }
  }

  @Nested
  class DisplayAndTtyMarkers {
    @ParameterizedTest
    @ValueSource(strings = {"DISPLAY", "WAYLAND_DISPLAY"})
    void eitherDisplayVariableMeansDisplay(String name) {
      assertThat(detect(Map.of(name, ":0")).markers().hasDisplay()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void emptyDisplayIsNoDisplay(String value) {
      assertThat(detect(Map.of("DISPLAY", value, "WAYLAND_DISPLAY", value)).markers().hasDisplay())
          .isFalse();
    }

    @Test
    void ttyMarkerComesFromTheChecker() {
      assertThat(EnvKindDetector.detect(Map.of(), NO_FILES, "linux", TTY).markers().hasTty())
          .isTrue();
      assertThat(EnvKindDetector.detect(Map.of(), NO_FILES, "linux", NO_TTY).markers().hasTty())
          .isFalse();
    }
  }

  @Nested
  class Precedence {
    static Stream<Arguments> combinations() {
      return Stream.of(
          Arguments.of(Set.of("ide", "ci", "container"), EnvKind.CLOUD_IDE),
          Arguments.of(Set.of("ide", "ci"), EnvKind.CLOUD_IDE),
          Arguments.of(Set.of("ide", "container"), EnvKind.CLOUD_IDE),
          Arguments.of(Set.of("ci", "container"), EnvKind.CI),
          Arguments.of(Set.of("ci", "container", "display", "tty"), EnvKind.CI),
          Arguments.of(Set.of("container", "display", "tty"), EnvKind.CONTAINER),
          Arguments.of(Set.of("display", "tty"), EnvKind.INTERACTIVE),
          Arguments.of(Set.of(), EnvKind.HEADLESS));
    }

    @ParameterizedTest
    @MethodSource("combinations")
    void cloudIdeWinsOverCiWhichWinsOverContainer(Set<String> present, EnvKind expected) {
      Map<String, String> env = new HashMap<>();
      if (present.contains("ide")) {
        env.put("CODESPACES", "true");
      }
      if (present.contains("ci")) {
        env.put("CI", "true");
      }
      if (present.contains("display")) {
        env.put("DISPLAY", ":0");
      }
      FileProber fs = path -> present.contains("container") && path.equals("/.dockerenv");
      TTYChecker tty = () -> present.contains("tty");

      EnvDetection detection = EnvKindDetector.detect(env, fs, "linux", tty);

      assertThat(detection.kind()).isEqualTo(expected);
      assertThat(detection.markers())
          .isEqualTo(
              new EnvMarkers(
                  present.contains("ci"),
                  present.contains("ide"),
                  present.contains("container"),
                  present.contains("tty"),
                  present.contains("display")));
    }
  }

  @Nested
  class ByOperatingSystem {
    @ParameterizedTest(name = "{0} display={1} tty={2} -> {3}")
    @CsvSource({
      "darwin,    false, false, INTERACTIVE",
      "darwin,    true,  true,  INTERACTIVE",
      "windows,   false, false, INTERACTIVE",
      "windows,   true,  false, INTERACTIVE",
      "linux,     false, false, HEADLESS",
      "linux,     true,  false, INTERACTIVE",
      "linux,     false, true,  INTERACTIVE",
      "linux,     true,  true,  INTERACTIVE",
      "freebsd,   false, false, HEADLESS",
      "freebsd,   true,  false, INTERACTIVE",
      "openbsd,   false, true,  INTERACTIVE",
      "openbsd,   false, false, HEADLESS",
      "netbsd,    true,  true,  INTERACTIVE",
      "netbsd,    false, false, HEADLESS",
      "dragonfly, false, true,  INTERACTIVE",
      "solaris,   false, false, UNKNOWN",
      "solaris,   true,  true,  UNKNOWN",
      "plan9,     false, true,  UNKNOWN",
      "'',        true,  true,  UNKNOWN"
    })
    void plainMachinesAreJudgedByOperatingSystem(
        String goOs, boolean display, boolean tty, EnvKind expected) {
      Map<String, String> env = display ? Map.of("WAYLAND_DISPLAY", "wayland-0") : Map.of();

      assertThat(EnvKindDetector.detect(env, NO_FILES, goOs, () -> tty).kind()).isEqualTo(expected);
    }

    @Test
    void operatingSystemNameIsMatchedIgnoringCase() {
      assertThat(EnvKindDetector.detect(Map.of(), NO_FILES, "Darwin", NO_TTY).kind())
          .isEqualTo(EnvKind.INTERACTIVE);
    }
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatNullPointerException()
        .isThrownBy(() -> EnvKindDetector.detect(null, NO_FILES, "linux", NO_TTY))
        .withMessage("env");
    assertThatNullPointerException()
        .isThrownBy(() -> EnvKindDetector.detect(Map.of(), null, "linux", NO_TTY))
        .withMessage("fs");
    assertThatNullPointerException()
        .isThrownBy(() -> EnvKindDetector.detect(Map.of(), NO_FILES, null, NO_TTY))
        .withMessage("goOs");
    assertThatNullPointerException()
        .isThrownBy(() -> EnvKindDetector.detect(Map.of(), NO_FILES, "linux", null))
        .withMessage("tty");
  }

  @Test
  void variablesWithNullValuesCountAsUnset() {
    Map<String, String> env = new HashMap<>();
    env.put("CI", null);
    env.put("CODESPACES", null);

    assertThat(detect(env)).isEqualTo(new EnvDetection(EnvKind.HEADLESS, EnvMarkers.none()));
  }
}
