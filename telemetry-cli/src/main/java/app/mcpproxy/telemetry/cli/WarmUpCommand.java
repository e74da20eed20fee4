package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.store.TelemetryDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code warm-up} (hidden): runs the local commands once against a throw-away home directory so
 * that the launcher can record every class they load in a class-data sharing archive. Sends
 * nothing, prints nothing and leaves nothing behind, except SQLite's native library when {@code
 * --native-dir} asks for it.
 */
@Command(
    name = "warm-up",
    header = "Load the classes of the local commands, for the launcher.",
    hidden = true,
    description = "Loads the classes of the local commands for a class-data sharing archive.")
final class WarmUpCommand implements Callable<Integer> {
  private static final List<List<String>> COMMANDS =
      List.of(
          List.of("status"),
          List.of("status", "--json"),
          List.of("show-payload"),
          List.of("heartbeat", "--dry-run"),
          List.of("disable"),
          List.of("enable"),
          List.of("log"),
          List.of("log", "--json"),
          List.of("status", "--bad-option"),
          List.of("--help"));

  @ParentCommand private TelemetryCli root;

  @Option(
      names = "--native-dir",
      paramLabel = "DIR",
      description = "Also extract SQLite's native library for this platform into DIR.")
  private @Nullable Path nativeDir;

  @Override
  public Integer call() throws IOException {
    if (nativeDir != null) {
      SqliteNativeLibrary.extract(nativeDir);
    }
    Path home = Files.createTempDirectory("mcpproxy-telemetry-warm-up");
    try {
      CliEnvironment real = root.environment();
      CliEnvironment scratch = real.withHome(home, Map.of("HOME", home.toString()));
      Files.createDirectories(home.resolve(".mcpproxy"));
      try (TelemetryDatabase database =
          TelemetryDatabase.open(home.resolve(".mcpproxy"), real.clock())) {
        database.heartbeatLog().recent(1);
      }
      PrintWriter discard = new PrintWriter(Writer.nullWriter());
      for (List<String> command : COMMANDS) {
        CommandLine commandLine = TelemetryCli.commandLine(scratch, command.toArray(String[]::new));
        commandLine.setOut(discard);
        commandLine.setErr(discard);
        commandLine.execute(command.toArray(String[]::new));
      }
      return CommandLine.ExitCode.OK;
    } finally {
      deleteTree(home);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
