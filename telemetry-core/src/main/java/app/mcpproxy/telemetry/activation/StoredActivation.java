package app.mcpproxy.telemetry.activation;

import app.mcpproxy.telemetry.counters.Buckets;
import app.mcpproxy.telemetry.model.ActivationState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The activation state as a store keeps it: raw windows instead of reported counts, and the
 * installer flag with its never-set state.
 *
 * <p>Immutable; every transition is a pure function that returns a new value, or this value when
 * nothing changes, so a store can tell cheaply whether it has anything to write. The transitions
 * enforce the funnel's rules: flags never revert, client names are sanitised, deduplicated and
 * capped, and windows tumble after 24 hours.
 *
 * @param firstConnectedServerEver an upstream server was connected at least once
 * @param firstMcpClientEver an MCP client connected at least once
 * @param firstRetrieveToolsCallEver {@code retrieve_tools} was called at least once
 * @param mcpClientsSeenEver sanitised, distinct client names in the order first seen, at most
 *     {@value ActivationState#MAX_MCP_CLIENTS_SEEN}
 * @param retrieveToolsCalls the window counting {@code retrieve_tools} calls
 * @param tokensSaved the window summing estimated tokens saved
 * @param installerFlag the installer heartbeat flag
 */
public record StoredActivation(
    boolean firstConnectedServerEver,
    boolean firstMcpClientEver,
    boolean firstRetrieveToolsCallEver,
    List<String> mcpClientsSeenEver,
    TumblingWindow retrieveToolsCalls,
    TumblingWindow tokensSaved,
    InstallerFlag installerFlag) {

  /** The three states of the installer heartbeat flag; never-set is kept apart from cleared. */
  public enum InstallerFlag {
    /** No installer ever asked for an installer heartbeat on this install. */
    NEVER_SET,
    /** An installer heartbeat is still to be sent. */
    PENDING,
    /** The flag was set once and has been cleared since. */
    CLEARED;

    /**
     * Returns the flag state a {@code setInstallerPending(pending)} call leaves behind.
     *
     * @param pending the requested value
     * @return {@link #PENDING} or {@link #CLEARED}
     */
    public static InstallerFlag of(boolean pending) {
      return pending ? PENDING : CLEARED;
    }
  }

  private static final StoredActivation EMPTY =
      new StoredActivation(
          false,
          false,
          false,
          List.of(),
          TumblingWindow.empty(),
          TumblingWindow.empty(),
          InstallerFlag.NEVER_SET);

  /**
   * Checks the components and copies the client list.
   *
   * @throws IllegalArgumentException if the client list holds more names than the cap
   */
  public StoredActivation {
    Objects.requireNonNull(mcpClientsSeenEver, "mcpClientsSeenEver");
    Objects.requireNonNull(retrieveToolsCalls, "retrieveToolsCalls");
    Objects.requireNonNull(tokensSaved, "tokensSaved");
    Objects.requireNonNull(installerFlag, "installerFlag");
    mcpClientsSeenEver = List.copyOf(mcpClientsSeenEver);
    if (mcpClientsSeenEver.size() > ActivationState.MAX_MCP_CLIENTS_SEEN) {
      throw new IllegalArgumentException(
          "at most "
              + ActivationState.MAX_MCP_CLIENTS_SEEN
              + " client names are kept, got "
              + mcpClientsSeenEver.size());
    }
  }

  /**
   * Returns the state of an install that has done nothing yet.
   *
   * @return the empty state
   */
  public static StoredActivation empty() {
    return EMPTY;
  }

  /**
   * Returns the state of an install that has done nothing yet, except for the installer flag, which
   * is kept so that a forgotten install is not attributed to the installer once more.
   *
   * @return the cleared state
   */
  public StoredActivation cleared() {
    return new StoredActivation(
        false,
        false,
        false,
        List.of(),
        EMPTY.retrieveToolsCalls(),
        EMPTY.tokensSaved(),
        installerFlag);
  }

  /**
   * Sanitises, deduplicates and caps client names, keeping the order first seen.
   *
   * @param rawNames names as reported or as read back from storage; {@code null} means none
   * @return at most {@value ActivationState#MAX_MCP_CLIENTS_SEEN} distinct sanitised names
   */
  public static List<String> sanitizedClients(List<String> rawNames) {
    if (rawNames == null) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String raw : rawNames) {
      if (names.size() == ActivationState.MAX_MCP_CLIENTS_SEEN) {
        break;
      }
      names.add(ClientNames.sanitize(raw));
    }
    return List.copyOf(names);
  }

  /**
   * Marks that an upstream server was connected.
   *
   * @return the state with the flag set
   */
  public StoredActivation withFirstConnectedServer() {
    return firstConnectedServerEver
        ? this
        : new StoredActivation(
            true,
            firstMcpClientEver,
            firstRetrieveToolsCallEver,
            mcpClientsSeenEver,
            retrieveToolsCalls,
            tokensSaved,
            installerFlag);
  }

  /**
   * Marks that an MCP client connected.
   *
   * @return the state with the flag set
   */
  public StoredActivation withFirstMcpClient() {
    return firstMcpClientEver
        ? this
        : new StoredActivation(
            firstConnectedServerEver,
            true,
            firstRetrieveToolsCallEver,
            mcpClientsSeenEver,
            retrieveToolsCalls,
            tokensSaved,
            installerFlag);
  }

  /**
   * Marks that {@code retrieve_tools} was called.
   *
   * @return the state with the flag set
   */
  public StoredActivation withFirstRetrieveToolsCall() {
    return firstRetrieveToolsCallEver
        ? this
        : new StoredActivation(
            firstConnectedServerEver,
            firstMcpClientEver,
            true,
            mcpClientsSeenEver,
            retrieveToolsCalls,
            tokensSaved,
            installerFlag);
  }

  /**
   * Adds a client name, sanitised; a name already present or a name beyond the cap changes nothing.
   *
   * @param rawName the name as the client reported it; may be {@code null}
   * @return the state with the name added
   */
  public StoredActivation withMcpClient(String rawName) {
    String name = ClientNames.sanitize(rawName);
    if (mcpClientsSeenEver.size() >= ActivationState.MAX_MCP_CLIENTS_SEEN
        || mcpClientsSeenEver.contains(name)) {
      return this;
    }
    List<String> names = new ArrayList<>(mcpClientsSeenEver.size() + 1);
    names.addAll(mcpClientsSeenEver);
    names.add(name);
    return withClients(names);
  }

  /**
   * Counts one {@code retrieve_tools} call in the current window.
   *
   * @param now the current time
   * @return the state with the call counted
   */
  public StoredActivation withRetrieveToolsCall(Instant now) {
    return withRetrieveToolsCalls(retrieveToolsCalls.plus(now, 1));
  }

  /**
   * Adds calls that were counted while the current window was open, into that window: once it has
   * ended they decay with it instead of opening a new one.
   *
   * @param calls how many calls, not negative
   * @param now the current time, used only when no window has started
   * @return the state with the calls added
   */
  public StoredActivation withRetrieveToolsCallsInWindow(long calls, Instant now) {
    Instant start = retrieveToolsCalls.start();
    return withRetrieveToolsCalls(retrieveToolsCalls.plus(start == null ? now : start, calls));
  }

  /**
   * Tells, without allocating, whether the {@code retrieve_tools} window is open at the given time.
   *
   * @param epochMillis the current time in milliseconds since the epoch
   * @return {@code true} when a call at that time counts in the current window
   */
  public boolean retrieveToolsWindowOpenAt(long epochMillis) {
    Instant start = retrieveToolsCalls.start();
    if (start == null) {
      return false;
    }
    long startMillis = start.toEpochMilli();
    return epochMillis >= startMillis && epochMillis - startMillis < TumblingWindow.LENGTH_MILLIS;
  }

  /**
   * Adds estimated tokens saved to the current window; a count of zero or less changes nothing.
   *
   * @param now the current time
   * @param tokens tokens saved
   * @return the state with the tokens added
   */
  public StoredActivation withTokensSaved(Instant now, long tokens) {
    if (tokens <= 0) {
      return this;
    }
    TumblingWindow window = tokensSaved.plus(now, tokens);
    return new StoredActivation(
        firstConnectedServerEver,
        firstMcpClientEver,
        firstRetrieveToolsCallEver,
        mcpClientsSeenEver,
        retrieveToolsCalls,
        window,
        installerFlag);
  }

  /**
   * Sets or clears the installer heartbeat flag.
   *
   * @param pending whether an installer heartbeat is still to be sent
   * @return the state with the flag changed
   */
  public StoredActivation withInstallerPending(boolean pending) {
    InstallerFlag flag = InstallerFlag.of(pending);
    return flag == installerFlag
        ? this
        : new StoredActivation(
            firstConnectedServerEver,
            firstMcpClientEver,
            firstRetrieveToolsCallEver,
            mcpClientsSeenEver,
            retrieveToolsCalls,
            tokensSaved,
            flag);
  }

  /**
   * Merges a saved state into this one, the way {@code ActivationStore.save} does.
   *
   * <p>Flags are or-ed, so a flag never reverts. The client list is replaced by the saved one,
   * sanitised, deduplicated and capped. The {@code retrieve_tools} count replaces the count of the
   * window open at {@code now}. The tokens-saved total is kept, because a bucket cannot be turned
   * back into a total, and so are the installer flag and the configured IDE count, which the saved
   * state does not carry or the host supplies.
   *
   * @param saved the state to save
   * @param now the current time
   * @return the merged state
   * @throws IllegalArgumentException if the saved {@code retrieve_tools} count is negative
   */
  public StoredActivation mergedWith(ActivationState saved, Instant now) {
    Objects.requireNonNull(saved, "saved");
    if (saved.retrieveToolsCalls24h() < 0) {
      throw new IllegalArgumentException(
          "retrieveToolsCalls24h must not be negative, got " + saved.retrieveToolsCalls24h());
    }
    return new StoredActivation(
        firstConnectedServerEver || saved.firstConnectedServerEver(),
        firstMcpClientEver || saved.firstMcpClientEver(),
        firstRetrieveToolsCallEver || saved.firstRetrieveToolsCallEver(),
        sanitizedClients(saved.mcpClientsSeenEver()),
        retrieveToolsCalls.withCountAt(now, saved.retrieveToolsCalls24h()),
        tokensSaved,
        installerFlag);
  }

  /**
   * Renders the state as reported at the given time, with windows that have ended read as zero and
   * the configured IDE count left at 0 for the caller to fill.
   *
   * @param now the current time
   * @return the reported state
   */
  public ActivationState toState(Instant now) {
    long calls = retrieveToolsCalls.countAt(now);
    return new ActivationState(
        firstConnectedServerEver,
        firstMcpClientEver,
        firstRetrieveToolsCallEver,
        mcpClientsSeenEver,
        (int) Math.min(calls, Integer.MAX_VALUE),
        Buckets.tokens(tokensSaved.countAt(now)),
        0);
  }

  private StoredActivation withClients(List<String> names) {
    return new StoredActivation(
        firstConnectedServerEver,
        firstMcpClientEver,
        firstRetrieveToolsCallEver,
        names,
        retrieveToolsCalls,
        tokensSaved,
        installerFlag);
  }

  private StoredActivation withRetrieveToolsCalls(TumblingWindow window) {
    return new StoredActivation(
        firstConnectedServerEver,
        firstMcpClientEver,
        firstRetrieveToolsCallEver,
        mcpClientsSeenEver,
        window,
        tokensSaved,
        installerFlag);
  }
}
