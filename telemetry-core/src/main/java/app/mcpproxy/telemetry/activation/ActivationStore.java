package app.mcpproxy.telemetry.activation;

import app.mcpproxy.telemetry.model.ActivationState;
import java.time.Clock;

/**
 * Keeps the retention funnel of one install: monotonic first-ever flags, the client names seen,
 * 24-hour tumbling counters and the installer heartbeat flag.
 *
 * <p>Implementations are safe for concurrent use. The per-request methods ({@link
 * #incrementRetrieveToolsCall()}, {@link #addTokensSaved(long)}, {@link #recordMcpClient(String)})
 * are cheap and never block on disk; a store backed by a file has written a flag durably when the
 * method setting it returns.
 *
 * <pre>{@code
 * ActivationStore store = ActivationStore.inMemory(Clock.systemUTC());
 * store.recordMcpClient("Claude-Code");
 * store.incrementRetrieveToolsCall();
 * store.load().retrieveToolsCalls24h();  // 1
 * }</pre>
 */
public interface ActivationStore {

  /**
   * Returns the current state, with windows that have ended read as zero; the configured IDE count
   * is 0 (the host supplies it).
   *
   * @return the state
   */
  ActivationState load();

  /**
   * Writes a whole state: flags are or-ed with the stored ones and never revert; the client list is
   * replaced (sanitised, deduplicated, capped); the {@code retrieve_tools} count replaces the count
   * of the current window. The tokens-saved total is kept, since a bucket cannot be turned back
   * into a total; the configured IDE count is ignored.
   *
   * @param state the state to write
   * @throws IllegalArgumentException if the {@code retrieve_tools} count is negative
   */
  void save(ActivationState state);

  /**
   * Forgets the funnel, as when the install is forgotten: every first-ever flag, the client list
   * and both windows return to a fresh install's. Only the installer flag is kept, so that the
   * install is not attributed to the installer once more.
   */
  void clear();

  /** Records that an upstream server was connected; a no-op once recorded. */
  void markFirstConnectedServer();

  /** Records that an MCP client connected; a no-op once recorded. */
  void markFirstMcpClient();

  /** Records that {@code retrieve_tools} was called; a no-op once recorded. */
  void markFirstRetrieveToolsCall();

  /**
   * Adds a client name, sanitised with {@link ClientNames#sanitize(String)}; duplicates and names
   * beyond the 16th distinct one are dropped.
   *
   * @param name the name as the client reported it; may be {@code null}
   */
  void recordMcpClient(String name);

  /** Counts one {@code retrieve_tools} call in the current 24-hour window. */
  void incrementRetrieveToolsCall();

  /**
   * Adds estimated tokens saved to the current 24-hour window; zero or less is ignored.
   *
   * @param tokens tokens saved
   */
  void addTokensSaved(long tokens);

  /**
   * Sets or clears the flag that asks for one installer-attributed heartbeat.
   *
   * @param pending whether the installer heartbeat is still to be sent
   */
  void setInstallerPending(boolean pending);

  /**
   * Tells whether an installer heartbeat is still to be sent.
   *
   * @return {@code true} while the installer flag is set
   */
  boolean isInstallerPending();

  /**
   * Tells whether the installer flag was ever set on this install, even if cleared since.
   *
   * @return {@code false} only for an install that never had the flag
   */
  boolean isInstallerFlagEverSet();

  /**
   * Returns a thread-safe store that keeps its state in memory only, for hosts without a data
   * directory and for tests.
   *
   * @param clock the clock the 24-hour windows follow
   * @return a new, empty store
   */
  static ActivationStore inMemory(Clock clock) {
    return new InMemoryActivationStore(clock);
  }
}
