package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.model.StorageStatus;
import app.mcpproxy.telemetry.service.TelemetryService;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code log}: what was actually sent, newest first. */
@Command(
    name = "log",
    header = "List the heartbeats sent from here, newest first.",
    sortOptions = false,
    description = {
      "Lists the heartbeats this install sent or tried to send, newest first: time, HTTP status"
          + " or error, and size. The last 100 are kept.",
      "With --json each entry includes the exact payload."
    })
final class LogCommand implements Callable<Integer> {
  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(
      names = "-n",
      paramLabel = "N",
      defaultValue = "20",
      description = "Show at most N entries (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(names = "--json", description = "Print a JSON array, payloads included.")
  private boolean json;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new UsageException("-n must be at least 1, got " + limit);
    }
    Installation installation = Installation.locate(root);
    List<SentHeartbeat> entries;
    try (TelemetryService service = installation.openService(root.environment(), null)) {
      entries = service.sentHeartbeats(limit);
      StorageStatus storage = service.status().storage();
      if (!storage.healthy()) {
        throw new CommandFailure("the heartbeat log cannot be read: " + storage.problem());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(toJson(entries)));
    } else if (entries.isEmpty()) {
      out.println("No heartbeat has been sent from " + installation.dataDir() + " yet.");
    } else {
      out.printf("%-22s %-28s %s%n", "TIME (UTC)", "RESULT", "SIZE");
      for (SentHeartbeat entry : entries) {
        out.printf(
            "%-22s %-28s %d B%n",
            entry.sentAt().truncatedTo(ChronoUnit.SECONDS), result(entry), size(entry));
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private static String result(SentHeartbeat entry) {
    if (entry.httpStatus() > 0) {
      return "HTTP " + entry.httpStatus();
    }
    return "error: " + (entry.error() == null ? "no answer" : Messages.flatten(entry.error()));
  }

  private static int size(SentHeartbeat entry) {
    return entry.payload().getBytes(StandardCharsets.UTF_8).length;
  }

  private static ArrayNode toJson(List<SentHeartbeat> entries) {
    ArrayNode array = Json.array();
    for (SentHeartbeat entry : entries) {
      ObjectNode node = array.addObject();
      node.put("time", entry.sentAt().truncatedTo(ChronoUnit.SECONDS).toString());
      if (entry.httpStatus() > 0) {
        node.put("http_status", entry.httpStatus());
      }
      if (entry.error() != null) {
        node.put("error", entry.error());
      }
      node.put("size", size(entry));
      node.set("payload", Json.parse(entry.payload()));
    }
    return array;
  }
}
