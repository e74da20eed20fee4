package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostVersionTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.2.3,                  v1.2.3",
    "v1.2.3,                 v1.2.3",
    "1,                      v1.0.0",
    "v1,                     v1.0.0",
    "v1.2,                   v1.2.0",
    "1.2,                    v1.2.0",
    "0.0.0,                  v0.0.0",
    "v0.25.0,                v0.25.0",
    "10.20.30,               v10.20.30",
    "1.2.3-rc.1+meta,        v1.2.3-rc.1",
    "1.2.3+meta,             v1.2.3",
    "1.2.3+meta.01.x-y,      v1.2.3",
    "1.2.3-rc.1,             v1.2.3-rc.1",
    "1.2.3-0,                v1.2.3-0",
    "1.2.3-0a,               v1.2.3-0a",
    "1.2.3-01a,              v1.2.3-01a",
    "1.2.3-alpha-beta.7,     v1.2.3-alpha-beta.7",
    "1.2.3--,                v1.2.3--",
    "1.2.3-RC.1,             v1.2.3-RC.1",
    "99999999999999999999.0.0, v99999999999999999999.0.0"
  })
  void canonicalisesValidVersions(String version, String expected) {
    assertThat(HostVersion.canonical(version)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01.2.3",
        "1.02.3",
        "1.2.03",
        "1.2.3-01",
        "1.2.3-rc.01",
        "dev",
        "v",
        "vv1.2.3",
        "V1.2.3",
        "1.2.3.4",
        "1.2.",
        "1.",
        ".1",
        "1.2-rc.1",
        "1-rc.1",
        "1.2+meta",
        "1.2.3-",
        "1.2.3-rc..1",
        "1.2.3-rc.",
        "1.2.3+",
        "1.2.3+meta+more",
        "1.2.3-rc_1",
        "1.2.3 ",
        " 1.2.3",
        "1.2.3\n",
        "1.2.x",
        "-1.2.3",
        "1.2.3-rc+",
        "1.2.3-é"
      })
  void rejectsInvalidVersions(String version) {
    assertThat(HostVersion.canonical(version)).isEmpty();
  }

  @Test
  void emptyAndNullAreNotVersions() {
    assertThat(HostVersion.canonical("")).isEmpty();
    assertThat(HostVersion.canonical(null)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "v1.2", "1.2.3-rc.1+meta", "v0.25.0"})
  void canonicalFormIsItsOwnCanonicalForm(String version) {
    String once = HostVersion.canonical(version).orElseThrow();

    assertThat(HostVersion.canonical(once)).contains(once);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.2.3, v1.2.3",
    "v1.2.3-rc.1, v1.2.3-rc.1",
    "1.2.3-beta2, v1.2.3-beta2",
    "1.2.3-alpha, v1.2.3-alpha",
    "1.2.3-dev, v1.2.3-dev",
    "1.2.3-pre.4, v1.2.3-pre.4",
    "1.2.3-SNAPSHOT, v1.2.3-snapshot",
    "1.2.3-nightly.20261124, v1.2.3-nightly.20261124",
    "1.2.3-rc.1.2, v1.2.3-rc.1.2",
    "1.2.3-alice.example.com, v1.2.3",
    "1.2.3-rc.alice, v1.2.3",
    "1.2.3-rcx, v1.2.3",
    "1.2.3-ghp-0123456789abcdef, v1.2.3",
    "1.2.3-0123abc, v1.2.3",
    "1.2.3+db01.corp, v1.2.3"
  })
  void reportableKeepsOnlyAFixedPreReleaseWordWithNumbers(String version, String reported) {
    assertThat(HostVersion.reportable(version)).contains(reported);
    assertThat(HostVersion.isReportable(reported)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"dev", "", "1.2.3.4", "v1.2.3-alice.example.com", "1.2.3", "v1.2", "V1.2.3"})
  void onlyTheReportableFormIsReportable(String version) {
    assertThat(HostVersion.isReportable(version)).isFalse();
  }
}
