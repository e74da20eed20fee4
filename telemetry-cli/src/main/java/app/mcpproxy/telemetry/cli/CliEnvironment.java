package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.env.ProcessEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands read from the world outside the command line: environment variables, the home
 * directory and the clock; tests pass their own.
 *
 * @param env environment variables
 * @param home the home directory: {@code $HOME} when set, else the JVM's {@code user.home}
 * @param clock the clock
 * @param process the process as the telemetry library sees it (environment, OS, probes)
 */
record CliEnvironment(Map<String, String> env, Path home, Clock clock, ProcessEnvironment process) {

  CliEnvironment {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(process, "process");
  }

  /** The real process: its environment, {@code $HOME} (which the JVM ignores) and the UTC clock. */
  static CliEnvironment system() {
    Map<String, String> env = System.getenv();
    return new CliEnvironment(
        env,
        homeOf(env, System.getProperty("user.home")),
        Clock.systemUTC(),
        ProcessEnvironment.system());
  }

  /**
   * Resolves the home directory the way a shell user expects: {@code $HOME} wins over the account
   * database that the JVM's {@code user.home} comes from.
   */
  static Path homeOf(Map<String, String> env, String userHome) {
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(Objects.requireNonNull(userHome, "user.home"));
  }

  /** Returns the trimmed value of an environment variable, or {@code null} when unset or blank. */
  String variable(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
