package app.mcpproxy.telemetry.cli;

/** Entry point of {@code mcpproxy-telemetry}; the only place that exits the JVM. */
public final class Main {
  private Main() {}

  /**
   * Runs one command and exits with its code: 0 success, 1 failure at run time, 2 bad usage.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(TelemetryCli.commandLine(CliEnvironment.system(), args).execute(args));
  }
}
