package app.mcpproxy.telemetry.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options and the list of commands. */
@Command(
    name = "mcpproxy-telemetry",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "See exactly what mcpproxy's anonymous telemetry sends, and switch it off.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      StatusCommand.class,
      EnableCommand.class,
      DisableCommand.class,
      LogCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:failure at run time (the reason is on stderr)",
      "2:bad usage or invalid input"
    })
final class TelemetryCli implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "mcpproxy's config file (default: ~/.mcpproxy/mcp_config.json).")
  private Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where telemetry.db lives (default: the config's data_dir, else ~/.mcpproxy).")
  private Path dataDir;

  @Spec private CommandSpec spec;

  private final CliEnvironment environment;

  TelemetryCli(CliEnvironment environment) {
    this.environment = environment;
  }

  /**
   * Builds the command line with its exit-code handling: usage errors give 2, failures at run time
   * 1 with a one-line reason on stderr.
   */
  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine commandLine = new CommandLine(new TelemetryCli(environment));
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  CliEnvironment environment() {
    return environment;
  }

  /** The {@code --config} option, or {@code null} when not given. */
  Path configOption() {
    return config;
  }

  /** The {@code --data-dir} option, or {@code null} when not given. */
  Path dataDirOption() {
    return dataDir;
  }
}
