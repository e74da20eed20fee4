package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
  @Nested
  class GoOs {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "Linux               | linux",
          "Mac OS X            | darwin",
          "Darwin              | darwin",
          "Windows 11          | windows",
          "Windows 10          | windows",
          "Windows Server 2022 | windows",
          "Windows             | windows",
          "FreeBSD             | freebsd",
          "OpenBSD             | openbsd",
          "NetBSD              | netbsd",
          "DragonFlyBSD        | dragonfly",
          "SunOS               | sunos",
          "AIX                 | aix",
          "z/OS                | zos",
          "Some New OS         | somenewos"
        })
    void mapsJvmNamesToGoNames(String osName, String expected) {
      assertThat(Platform.goOs(osName)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "/"})
    void rejectsNamesWithoutLettersOrDigits(String osName) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Platform.goOs(osName))
          .withMessageContaining("'" + osName + "'");
    }

    @Test
    void rejectsNull() {
      assertThatNullPointerException().isThrownBy(() -> Platform.goOs(null)).withMessage("osName");
    }
  }

  @Nested
  class GoArch {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "amd64,   amd64",
      "x86_64,  amd64",
      "AMD64,   amd64",
      "aarch64, arm64",
      "arm64,   arm64",
      "x86,     386",
      "i386,    386",
      "i686,    386",
      "arm,     arm",
      "riscv64, riscv64",
      "ppc64le, ppc64le",
      "s390x,   s390x"
    })
    void mapsJvmArchitecturesToGoNames(String osArch, String expected) {
      assertThat(Platform.goArch(osArch)).isEqualTo(expected);
    }

    @Test
    void rejectsBlankAndNull() {
      assertThatIllegalArgumentException().isThrownBy(() -> Platform.goArch(" "));
      assertThatNullPointerException()
          .isThrownBy(() -> Platform.goArch(null))
          .withMessage("osArch");
    }
  }

  @Nested
  class RuntimeVersion {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "17.0.15+6,       java17.0.15",
      "17.0.15,         java17.0.15",
      "21,              java21.0.0",
      "21+35,           java21.0.0",
      "22.0.1,          java22.0.1",
      "11.0.2.1,        java11.0.2",
      "17-ea+3,         java17.0.0",
      "17.0.15+6-LTS,   java17.0.15"
    })
    void namesFeatureInterimAndUpdate(String version, String expected) {
      assertThat(Platform.runtimeVersion(Runtime.Version.parse(version))).isEqualTo(expected);
    }

    @Test
    void describesTheRunningJvm() {
      Runtime.Version running = Runtime.version();

      assertThat(Platform.runtimeVersion())
          .isEqualTo("java" + running.feature() + "." + running.interim() + "." + running.update())
          .matches("java\\d+\\.\\d+\\.\\d+");
    }
  }

  @Nested
  class Reportable {
    @Test
    void keepsGoWordsAndJavaVersions() {
      assertThat(Platform.reportableOs("linux")).isEqualTo("linux");
      assertThat(Platform.reportableArch("arm64")).isEqualTo("arm64");
      assertThat(Platform.reportableRuntimeVersion("java17.0.15")).isEqualTo("java17.0.15");
      assertThat(Platform.reportableRuntimeVersion(Platform.runtimeVersion()))
          .isEqualTo(Platform.runtimeVersion());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"sunos-alice", "db01.corp", "Linux", "ghp_0123456789"})
    void turnsAnythingElseIntoUnknown(String value) {
      assertThat(Platform.reportableOs(value)).isEqualTo("unknown");
      assertThat(Platform.reportableArch(value)).isEqualTo("unknown");
      assertThat(Platform.reportableRuntimeVersion(value)).isEqualTo("unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"java17-alice", "java", "17.0.1", "java17.0.1.2.3.4", "java17.0.1 "})
    void refusesRuntimeVersionsOfAnotherShape(String value) {
      assertThat(Platform.reportableRuntimeVersion(value)).isEqualTo("unknown");
    }
  }
}
