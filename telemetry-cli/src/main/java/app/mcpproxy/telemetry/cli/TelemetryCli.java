package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.service.TelemetryService;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
    header = "See exactly what mcpproxy's anonymous telemetry sends, and switch it off.",
    synopsisSubcommandLabel = "COMMAND",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:failure at run time (the reason is on stderr)",
      "2:bad usage or invalid input"
    })
final class TelemetryCli implements Callable<Integer> {
  /** Options that make picocli print help or the version instead of running a command. */
  private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help", "-V", "--version");

  /** Every command, in the order the help lists them. */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("status", StatusCommand::new);
    commands.put("enable", EnableCommand::new);
    commands.put("disable", DisableCommand::new);
    commands.put("show-payload", ShowPayloadCommand::new);
    commands.put("heartbeat", HeartbeatCommand::new);
    commands.put("feedback", FeedbackCommand::new);
    commands.put("log", LogCommand::new);
    commands.put("forget", ForgetCommand::new);
    commands.put("collector", CollectorCommand::new);
    commands.put("demo", DemoCommand::new);
    commands.put("warm-up", WarmUpCommand::new);
    return Collections.unmodifiableMap(commands);
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "mcpproxy's config file (default: ~/.mcpproxy/mcp_config.json).")
  private @Nullable Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where telemetry.db lives (default: the config's data_dir, else ~/.mcpproxy).")
  private @Nullable Path dataDir;

  @Spec private CommandSpec spec;

  private final CliEnvironment environment;

  TelemetryCli(CliEnvironment environment) {
    this.environment = environment;
  }

  /**
   * Builds the command line for these arguments, with its exit-code handling: usage errors give 2,
   * failures at run time 1 with a one-line reason on stderr.
   *
   * <p>When the arguments name a command, only that command is registered: picocli reads every
   * registered command's annotations at start-up, and a person waits for that on every run.
   * Otherwise (help, version, a mistyped command) all of them are.
   */
  static CommandLine commandLine(CliEnvironment environment, String... args) {
    CommandLine commandLine = new CommandLine(new TelemetryCli(environment));
    String requested = requestedCommand(args);
    if (requested != null && COMMANDS.containsKey(requested)) {
      commandLine.addSubcommand(COMMANDS.get(requested).get());
    } else {
      COMMANDS.values().forEach(command -> commandLine.addSubcommand(command.get()));
    }
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine;
  }

  /**
   * Returns the first argument that is neither an option nor the value of a global option, or
   * {@code null} when there is none or help or the version is asked for before it.
   */
  static @Nullable String requestedCommand(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--config") || arg.equals("--data-dir")) {
        i++;
      } else if (arg.startsWith("-")) {
        if (HELP_OPTIONS.contains(arg)) {
          return null;
        }
      } else {
        return arg;
      }
    }
    return null;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  CliEnvironment environment() {
    return environment;
  }

  /** The {@code --config} option, or {@code null} when not given. */
  @Nullable Path configOption() {
    return config;
  }

  /**
   * Parses an {@code --endpoint} option as the service accepts endpoints.
   *
   * @throws UsageException naming the option and the value when it is not an endpoint
   */
  static URI endpointOption(String value) {
    try {
      return TelemetryService.parseEndpoint(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--endpoint " + e.getMessage(), e);
    }
  }

  /** The {@code --data-dir} option, or {@code null} when not given. */
  @Nullable Path dataDirOption() {
    return dataDir;
  }
}
