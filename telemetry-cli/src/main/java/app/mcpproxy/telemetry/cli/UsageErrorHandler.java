package app.mcpproxy.telemetry.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Reports bad usage in two short lines (the problem, then where help is) and exits with 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine commandLine = failure.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String root = commandLine.getCommandSpec().root().name();
    err.println(root + ": " + Messages.flatten(String.valueOf(failure.getMessage())));
    UnmatchedArgumentException.printSuggestions(failure, err);
    err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }
}
