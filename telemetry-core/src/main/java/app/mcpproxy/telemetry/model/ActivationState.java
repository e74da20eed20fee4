package app.mcpproxy.telemetry.model;

import java.util.List;

/**
 * The retention funnel of one install: first-ever flags, 24-hour counters and the configured IDE
 * count.
 *
 * @param firstConnectedServerEver an upstream server was connected at least once
 * @param firstMcpClientEver an MCP client connected at least once
 * @param firstRetrieveToolsCallEver {@code retrieve_tools} was called at least once
 * @param mcpClientsSeenEver sanitised names of MCP clients seen, at most 16, never {@code null}
 * @param retrieveToolsCalls24h calls to {@code retrieve_tools} in the current 24-hour window
 * @param estimatedTokensSaved24hBucket bucket of tokens saved in the current 24-hour window
 * @param configuredIdeCount number of IDE configurations the host registered itself in
 */
public record ActivationState(
    boolean firstConnectedServerEver,
    boolean firstMcpClientEver,
    boolean firstRetrieveToolsCallEver,
    List<String> mcpClientsSeenEver,
    int retrieveToolsCalls24h,
    String estimatedTokensSaved24hBucket,
    int configuredIdeCount) {

  /** Maximum number of distinct client names kept; the 17th distinct name is dropped. */
  public static final int MAX_MCP_CLIENTS_SEEN = 16;

  /** Copies the client list; {@code null} becomes empty, and a {@code null} bucket becomes 0. */
  public ActivationState {
    mcpClientsSeenEver = mcpClientsSeenEver == null ? List.of() : List.copyOf(mcpClientsSeenEver);
    if (estimatedTokensSaved24hBucket == null || estimatedTokensSaved24hBucket.isEmpty()) {
      estimatedTokensSaved24hBucket = "0";
    }
  }

  /** The state of an install that has done nothing yet. */
  public static ActivationState empty() {
    return new ActivationState(false, false, false, List.of(), 0, "0", 0);
  }
}
