package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.env.ProcessEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the commands read from the world outside the command line: environment variables, the home
 * directory, the clock and the process as the telemetry library sees it; tests pass their own.
 *
 * <p>The process description is made on first use: commands that only read the config never pay for
 * platform probes.
 */
final class CliEnvironment {
  private final Map<String, String> env;
  private final Path home;
  private final Clock clock;
  private final Supplier<ProcessEnvironment> processFactory;
  private @Nullable ProcessEnvironment process;

  /**
   * Creates an environment.
   *
   * @param env environment variables
   * @param home the home directory
   * @param clock the clock
   * @param processFactory makes the process description, called at most once
   */
  CliEnvironment(
      Map<String, String> env,
      Path home,
      Clock clock,
      Supplier<ProcessEnvironment> processFactory) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.home = Objects.requireNonNull(home, "home");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.processFactory = Objects.requireNonNull(processFactory, "processFactory");
  }

  /** The real process: its environment, {@code $HOME} (which the JVM ignores) and the UTC clock. */
  static CliEnvironment system() {
    Map<String, String> env = System.getenv();
    return new CliEnvironment(
        env,
        homeOf(env, System.getProperty("user.home")),
        Clock.systemUTC(),
        ProcessEnvironment::system);
  }

  /**
   * Resolves the home directory as the library does ({@link ProcessEnvironment#homeDirectoryOf}):
   * {@code $HOME} wins over the account database that the JVM's {@code user.home} comes from.
   */
  static Path homeOf(Map<String, String> env, String userHome) {
    return ProcessEnvironment.homeDirectoryOf(env, userHome)
        .orElseThrow(() -> new IllegalStateException("neither $HOME nor user.home names a home"));
  }

  /** Returns the environment variables. */
  Map<String, String> env() {
    return env;
  }

  /** Returns the home directory: {@code $HOME} when set, else the JVM's {@code user.home}. */
  Path home() {
    return home;
  }

  Clock clock() {
    return clock;
  }

  /** Returns the process as the telemetry library sees it (variables, OS, probes). */
  synchronized ProcessEnvironment process() {
    if (process == null) {
      process = Objects.requireNonNull(processFactory.get(), "process");
    }
    return process;
  }

  /** Returns a copy with another home directory and variables, sharing the clock and process. */
  CliEnvironment withHome(Path otherHome, Map<String, String> otherEnv) {
    return new CliEnvironment(otherEnv, otherHome, clock, this::process);
  }

  /** Returns the trimmed value of an environment variable, or {@code null} when unset or blank. */
  @Nullable String variable(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
