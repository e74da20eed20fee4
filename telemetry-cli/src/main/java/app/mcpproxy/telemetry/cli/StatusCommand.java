package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.env.OptOutDecision;
import app.mcpproxy.telemetry.env.OptOutSource;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.StorageStatus;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.service.TelemetryStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: whether telemetry is on, why, and what identifies this install. */
@Command(
    name = "status",
    header = "Show whether telemetry is on, and why.",
    sortOptions = false,
    description = {
      "Shows whether telemetry is enabled and why: every opt-out source in precedence order with"
          + " its value and the one that decided; then the anonymous id, the endpoint and, when"
          + " telemetry.db exists, the activation funnel and how often something was kept back"
          + " on this machine instead of being sent (undeclared routes and checks, unknown"
          + " clients, entries the anonymity scanner removed); and whether telemetry.db is"
          + " usable, and if not, what is wrong and what that costs.",
      "Changes nothing."
    })
final class StatusCommand implements Callable<Integer> {

  @ParentCommand private TelemetryCli root;

  @Spec private CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  @Override
  public Integer call() {
    Installation installation = Installation.locate(root);
    TelemetryStatus status;
    try (TelemetryService service = installation.openService(root.environment(), null)) {
      status = service.status();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(toJson(status)));
    } else {
      printText(out, status, installation);
    }
    out.flush();
    return ExitCode.OK;
  }

  /** How often something was kept back locally, shown only when telemetry.db could be read. */
  private static Optional<SortedMap<String, Long>> keptBack(TelemetryStatus status) {
    return status.storage().state() == StorageStatus.State.DURABLE
        ? Optional.of(status.localCounts())
        : Optional.empty();
  }

  private static ObjectNode toJson(TelemetryStatus status) {
    OptOutDecision decision = status.optOut();
    ObjectNode node = Json.object();
    node.put("enabled", decision.enabled());
    status.anonymousId().ifPresent(id -> node.put("anonymous_id", id));
    node.put("endpoint", status.endpoint().toString());
    EnvDisabledReason reason = decision.envReason();
    boolean envOverride = reason != null && reason != EnvDisabledReason.NONE;
    node.put("env_override", envOverride);
    if (envOverride) {
      node.put("env_override_name", reason.wireName());
    }
    node.put("decided_by", decision.decidedBy());
    StorageStatus storage = status.storage();
    ObjectNode database = node.putObject("storage");
    database.put("state", storage.state().name().toLowerCase(Locale.ROOT));
    database.put("problem", storage.problem());
    database.put("consequence", storage.consequence());
    status.activation().ifPresent(state -> node.set("activation", Json.activation(state)));
    keptBack(status).ifPresent(counts -> counts.forEach(node.putObject("kept_back_locally")::put));
    return node;
  }

  private static void printText(
      PrintWriter out, TelemetryStatus status, Installation installation) {
    OptOutDecision decision = status.optOut();
    Optional<ActivationState> activation = status.activation();
    out.println("Telemetry is " + (decision.enabled() ? "ENABLED" : "DISABLED") + ".");
    out.println("  decided by: " + decision.decidedBy());
    out.println();
    out.println("Sources, in precedence order (the first one that is set decides):");
    for (OptOutSource source : decision.sources()) {
      String value = source.value() == null ? "(unset)" : source.value();
      out.println(
          source.decided()
              ? String.format("  %-28s %-10s <- decides", label(source.name()), value)
              : String.format("  %-28s %s", label(source.name()), value));
    }
    out.println();
    out.println(
        "Anonymous ID:  "
            + status.anonymousId().orElse("none yet (created when the first heartbeat is sent)"));
    out.println("Endpoint:      " + status.endpoint());
    out.println(
        "Config file:   "
            + installation.configPath()
            + (Files.exists(installation.configPath()) ? "" : " (does not exist yet)"));
    out.println("Data dir:      " + status.dataDir());
    out.println("Storage:       " + status.storage().describe());
    out.println();
    if (activation.isEmpty()) {
      out.println(
          status.storage().state() == StorageStatus.State.NOT_CREATED
              ? "Activation:    no telemetry.db yet"
              : "Activation:    unavailable, telemetry.db cannot be read (see Storage)");
      return;
    }
    ActivationState state = activation.get();
    out.println("Activation funnel (telemetry.db):");
    out.printf("  %-28s %s%n", "first connected server", yesNo(state.firstConnectedServerEver()));
    out.printf("  %-28s %s%n", "first MCP client", yesNo(state.firstMcpClientEver()));
    out.printf(
        "  %-28s %s%n", "first retrieve_tools call", yesNo(state.firstRetrieveToolsCallEver()));
    out.printf(
        "  %-28s %s%n",
        "MCP clients seen",
        state.mcpClientsSeenEver().isEmpty()
            ? "none"
            : String.join(", ", state.mcpClientsSeenEver()));
    out.printf("  %-28s %d%n", "retrieve_tools calls (24 h)", state.retrieveToolsCalls24h());
    out.printf("  %-28s %s%n", "tokens saved (24 h)", state.estimatedTokensSaved24hBucket());
    keptBack(status).ifPresent(counts -> printKeptBack(out, counts));
  }

  /** Counts only, never values: what telemetry kept on this machine instead of sending. */
  private static void printKeptBack(PrintWriter out, SortedMap<String, Long> keptBack) {
    out.println();
    if (keptBack.isEmpty()) {
      out.println("Kept back locally (never sent): nothing");
      return;
    }
    out.println("Kept back locally (never sent), how often:");
    keptBack.forEach((kind, count) -> out.printf("  %-36s %d%n", kind, count));
  }

  /** Names the config source by its key so a reader knows where to change it. */
  private static String label(String sourceName) {
    return sourceName.equals(OptOutDecision.DECIDED_BY_CONFIG)
        ? "config (telemetry.enabled)"
        : sourceName;
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
