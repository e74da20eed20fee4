/**
 * The {@code mcpproxy-telemetry} command line: see exactly what is sent, and switch it off. It
 * reaches the library through its API, as any host does.
 */
module app.mcpproxy.telemetry.cli {
  requires app.mcpproxy.telemetry;
  requires app.mcpproxy.telemetry.collector;
  requires com.fasterxml.jackson.databind;
  requires info.picocli;
  requires org.xerial.sqlitejdbc;

  // picocli reads the commands' annotations and sets their fields.
  opens app.mcpproxy.telemetry.cli to
      info.picocli;

  provides System.LoggerFinder with
      app.mcpproxy.telemetry.cli.StderrLoggerFinder;
}
