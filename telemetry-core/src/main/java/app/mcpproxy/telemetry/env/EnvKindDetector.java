package app.mcpproxy.telemetry.env;

import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Classifies the environment a process runs in: a cloud IDE, a CI runner, a container, or a plain
 * machine that is interactive or headless.
 *
 * <p>Pure: the variables, the file system, the operating system and the terminal are all passed in.
 * {@link ProcessEnvironment#envDetection()} runs it once against the real process.
 *
 * <pre>{@code
 * EnvDetection detection =
 *     EnvKindDetector.detect(System.getenv(), FileProber.system(), "linux", TTYChecker.system());
 * }</pre>
 */
public final class EnvKindDetector {
  /** Variables set by CI runners; {@code CI} itself has its own rule. */
  static final List<String> CI_VARIABLES =
      List.of(
          "CI",
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
          "GITEA_ACTIONS");

  /** Variables set by hosted development environments. */
  static final List<String> CLOUD_IDE_VARIABLES =
      List.of(
          "CODESPACES",
          "GITPOD_WORKSPACE_ID",
          "REPL_ID",
          "STACKBLITZ_ENV",
          "STACKBLITZ_WORKER",
          "DAYTONA_WS_ID",
          "DAYTONA_WORKSPACE_ID",
          "CODER_AGENT_TOKEN");

  /** Files that container runtimes place in the root file system. */
  static final List<String> CONTAINER_FILES = List.of("/.dockerenv", "/run/.containerenv");

  /** Values of the {@code container} variable set by container runtimes and init systems. */
  static final Set<String> CONTAINER_VALUES =
      Set.of("podman", "docker", "oci", "lxc", "systemd-nspawn");

  /** Unix systems with desktop sessions, judged by display and terminal. */
  private static final Set<String> UNIX_DESKTOPS =
      Set.of("linux", "freebsd", "openbsd", "netbsd", "dragonfly");

  private EnvKindDetector() {}

  /**
   * Classifies an environment. A cloud IDE wins over CI (hosted IDEs often set {@code CI=true} for
   * a human at the keyboard), CI wins over a container, and otherwise the operating system decides:
   * {@code darwin} and {@code windows} are interactive; Linux and the BSDs are interactive with a
   * display or a terminal and headless without; any other system is unknown.
   *
   * @param env the environment variables
   * @param fs the file system prober for container marker files
   * @param goOs the operating system in Go's vocabulary ({@code linux}, {@code darwin}, ...)
   * @param tty the standard-input terminal checker
   * @return the kind and every observation behind it
   * @throws NullPointerException when an argument is {@code null}
   */
  public static EnvDetection detect(
      Map<String, String> env, FileProber fs, String goOs, TTYChecker tty) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(goOs, "goOs");
    Objects.requireNonNull(tty, "tty");
    EnvMarkers markers =
        new EnvMarkers(
            hasCiEnv(env),
            CLOUD_IDE_VARIABLES.stream().anyMatch(name -> EnvVariables.isSet(env, name)),
            isContainer(env, fs),
            tty.isTerminal(),
            EnvVariables.isSet(env, "DISPLAY") || EnvVariables.isSet(env, "WAYLAND_DISPLAY"));
    return new EnvDetection(kindOf(markers, goOs.toLowerCase(Locale.ROOT)), markers);
  }

  private static EnvKind kindOf(EnvMarkers markers, String goOs) {
    if (markers.hasCloudIdeEnv()) {
      return EnvKind.CLOUD_IDE;
    }
    if (markers.hasCiEnv()) {
      return EnvKind.CI;
    }
    if (markers.isContainer()) {
      return EnvKind.CONTAINER;
    }
    if (goOs.equals("darwin") || goOs.equals("windows")) {
      return EnvKind.INTERACTIVE;
    }
    if (UNIX_DESKTOPS.contains(goOs)) {
      return markers.hasDisplay() || markers.hasTty() ? EnvKind.INTERACTIVE : EnvKind.HEADLESS;
    }
    return EnvKind.UNKNOWN;
  }

  private static boolean hasCiEnv(Map<String, String> env) {
    for (String name : CI_VARIABLES) {
      boolean set =
          name.equals("CI")
              ? EnvVariables.isSet(env, name) && !EnvVariables.isOneOf(env, name, "false", "0")
              : EnvVariables.isSet(env, name);
      if (set) {
        return true;
      }
    }
    return false;
  }

  private static boolean isContainer(Map<String, String> env, FileProber fs) {
    for (String file : CONTAINER_FILES) {
      if (fs.exists(file)) {
        return true;
      }
    }
    return EnvVariables.trimmed(env, "container")
        .map(value -> CONTAINER_VALUES.contains(value.toLowerCase(Locale.ROOT)))
        .orElse(false);
  }
}
