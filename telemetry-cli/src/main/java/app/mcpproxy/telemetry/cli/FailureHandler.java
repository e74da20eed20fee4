package app.mcpproxy.telemetry.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns an exception thrown by a command into its exit code and a one-line reason on stderr. */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine commandLine, ParseResult parseResult) {
    String name = commandLine.getCommandSpec().root().name();
    if (failure instanceof UsageException) {
      commandLine.getErr().println(name + ": " + Messages.oneLine(failure));
      commandLine.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    }
    commandLine.getErr().println(name + ": error: " + Messages.oneLine(failure));
    commandLine.getErr().flush();
    return CommandLine.ExitCode.SOFTWARE;
  }
}
