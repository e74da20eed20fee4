package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.env.HandshakeChecker;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs commands in this JVM through {@link TelemetryCli#commandLine} with a controlled environment:
 * a test home directory, no opt-out variables unless set, Linux without a terminal, a fixed clock.
 */
final class InProcessCli {
  static final Instant NOW = Instant.parse("2026-11-24T15:31:48Z");

  private final Path home;
  private final Map<String, String> env = new HashMap<>();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  InProcessCli(Path home) {
    this.home = home;
    env.put("HOME", home.toString());
  }

  InProcessCli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  InProcessCli clock(Clock value) {
    this.clock = value;
    return this;
  }

  Path home() {
    return home;
  }

  CliEnvironment environment() {
    ProcessEnvironment process =
        ProcessEnvironment.builder()
            .env(env)
            .goOs("linux")
            .goArch("amd64")
            .fileProber(path -> false)
            .tty(() -> false)
            .handshake(HandshakeChecker.none())
            .ppid(() -> false)
            .hostname("build-host-7")
            .homeDirectory(home)
            .build();
    return new CliEnvironment(env, home, clock, () -> process);
  }

  CliResult run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = TelemetryCli.commandLine(environment(), args);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliResult(exitCode, out.toString(), err.toString());
  }
}
