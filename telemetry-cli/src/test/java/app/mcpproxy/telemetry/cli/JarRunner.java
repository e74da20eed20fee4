package app.mcpproxy.telemetry.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar ({@code java -jar}) as a separate process with {@code HOME} pointing at a
 * test directory and an environment free of every variable that switches telemetry off, unless a
 * test sets one.
 */
final class JarRunner {
  /** Variables removed from the inherited environment; CI itself sets {@code CI=true}. */
  private static final List<String> CONTROLLED =
      List.of(
          "DO_NOT_TRACK",
          "CI",
          "MCPPROXY_TELEMETRY",
          "MCPPROXY_TELEMETRY_DEBUG",
          "MCPPROXY_TELEMETRY_LOG",
          "MCPPROXY_LAUNCHED_BY",
          "GITHUB_ACTIONS",
          "JAVA_TOOL_OPTIONS");

  private final Path jar;
  private final Path home;
  private final Map<String, String> extraEnv = new HashMap<>();

  JarRunner(Path home) {
    String location = System.getProperty("cli.jar");
    if (location == null) {
      throw new IllegalStateException("system property cli.jar is not set; run with mvn verify");
    }
    this.jar = Path.of(location);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist; run mvn package first");
    }
    this.home = home;
  }

  /** Sets an environment variable for the following runs. */
  JarRunner env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  Path home() {
    return home;
  }

  CliResult run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> env = builder.environment();
    CONTROLLED.forEach(env::remove);
    env.put("HOME", home.toString());
    env.putAll(extraEnv);
    try {
      Path stdout = Files.createTempFile("cli-out", ".txt");
      Path stderr = Files.createTempFile("cli-err", ".txt");
      try {
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("mcpproxy-telemetry " + String.join(" ", args) + " hung");
        }
        return new CliResult(
            process.exitValue(),
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
