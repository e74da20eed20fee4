package app.mcpproxy.telemetry.store;

import app.mcpproxy.telemetry.activation.ActivationStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A child process for crash tests: marks flags in the database of the data directory given as
 * argument, prints {@code marked}, then waits to be killed without closing anything.
 */
final class FlagMarkingProcess {
  private FlagMarkingProcess() {}

  public static void main(String[] args) throws IOException {
    TelemetryDatabase database = TelemetryDatabase.open(Path.of(args[0]), Clock.systemUTC());
    ActivationStore store = database.activationStore();
    store.markFirstMcpClient();
    store.markFirstConnectedServer();
    store.setInstallerPending(true);
    System.out.println("marked");
    System.out.flush();
    // Blocks until the parent kills this process; stdin stays open until then.
    while (System.in.read() != -1) {
      // Ignore input.
    }
  }
}
