package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParentProcessCheckerTest {
  @ParameterizedTest(name = "{0}: parent {1} -> {2}")
  @CsvSource({
    "darwin,  /sbin/launchd,                       true",
    "darwin,  launchd,                             true",
    "darwin,  /sbin/Launchd,                       false",
    "darwin,  /usr/bin/launchctl,                  false",
    "darwin,  /bin/zsh,                            false",
    "darwin,  C:\\Windows\\explorer.exe,           false",
    "windows, C:\\Windows\\explorer.exe,           true",
    "windows, C:\\WINDOWS\\EXPLORER.EXE,           true",
    "windows, explorer.exe,                        true",
    "windows, C:\\Windows\\System32\\cmd.exe,      false",
    "windows, C:\\Tools\\explorer.exe.bak,         false",
    "windows, /sbin/launchd,                       false",
    "linux,   /sbin/launchd,                       false",
    "linux,   explorer.exe,                        false",
    "freebsd, /sbin/launchd,                       false"
  })
  void matchesTheLoginItemLauncherOfEachSystem(String goOs, String parent, boolean expected) {
    assertThat(new ParentProcessChecker(goOs, () -> Optional.of(parent)).isLoginItemParent())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"darwin", "windows"})
  void anUnknownParentIsNotALoginItem(String goOs) {
    assertThat(new ParentProcessChecker(goOs, Optional::empty).isLoginItemParent()).isFalse();
  }

  @Test
  void otherSystemsDoNotInspectTheParent() {
    ParentProcessChecker checker =
        new ParentProcessChecker(
            "linux",
            () -> {
              throw new AssertionError("the parent must not be inspected");
            });

    assertThat(checker.isLoginItemParent()).isFalse();
  }

  @Test
  void systemCheckerOnLinuxIsFalseAndDoesNotThrow() {
    assertThat(PPIDChecker.system("linux").isLoginItemParent()).isFalse();
  }

  @Test
  void systemCheckerInspectsTheRealParentWithoutThrowing() {
    // The test JVM's parent is the build tool, never a login-item launcher.
    assertThat(PPIDChecker.system("darwin").isLoginItemParent()).isFalse();
    assertThat(PPIDChecker.system("windows").isLoginItemParent()).isFalse();
  }

  @Test
  void baseNameHandlesBothSeparators() {
    assertThat(ParentProcessChecker.baseName("/sbin/launchd")).isEqualTo("launchd");
    assertThat(ParentProcessChecker.baseName("C:\\Windows\\explorer.exe"))
        .isEqualTo("explorer.exe");
    assertThat(ParentProcessChecker.baseName("launchd")).isEqualTo("launchd");
    assertThat(ParentProcessChecker.baseName("/trailing/")).isEmpty();
  }

  @Test
  void rejectsNullOperatingSystem() {
    assertThatNullPointerException().isThrownBy(() -> PPIDChecker.system(null)).withMessage("goOs");
  }
}
