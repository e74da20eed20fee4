package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.activation.McpClients;
import app.mcpproxy.telemetry.model.ActivationState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host's view of the activation store: every client name is mapped to its canonical name, or to
 * {@code other}, before it is stored, so a name a client made up never reaches the disk or the
 * payload.
 */
final class CanonicalClientStore implements ActivationStore {
  private final ActivationStore delegate;
  private final McpClients clients;
  private final LocalCounts localCounts;

  CanonicalClientStore(ActivationStore delegate, McpClients clients, LocalCounts localCounts) {
    this.delegate = delegate;
    this.clients = clients;
    this.localCounts = localCounts;
  }

  /** Maps stored names, written by an older library or by hand, into the vocabulary. */
  static List<String> canonical(List<String> names, McpClients clients) {
    Set<String> mapped = new LinkedHashSet<>();
    for (String name : names) {
      mapped.add(clients.isCanonical(name) ? name : clients.canonical(name));
    }
    return List.copyOf(mapped);
  }

  @Override
  public ActivationState load() {
    return delegate.load();
  }

  @Override
  public void save(ActivationState state) {
    List<String> mapped = new ArrayList<>();
    for (String name : state.mcpClientsSeenEver()) {
      mapped.add(canonicalCounted(name));
    }
    delegate.save(
        new ActivationState(
            state.firstConnectedServerEver(),
            state.firstMcpClientEver(),
            state.firstRetrieveToolsCallEver(),
            mapped,
            state.retrieveToolsCalls24h(),
            state.estimatedTokensSaved24hBucket(),
            state.configuredIdeCount()));
  }

  @Override
  public void clear() {
    delegate.clear();
  }

  @Override
  public void markFirstConnectedServer() {
    delegate.markFirstConnectedServer();
  }

  @Override
  public void markFirstMcpClient() {
    delegate.markFirstMcpClient();
  }

  @Override
  public void markFirstRetrieveToolsCall() {
    delegate.markFirstRetrieveToolsCall();
  }

  @Override
  public void recordMcpClient(String name) {
    delegate.recordMcpClient(canonicalCounted(name));
  }

  private String canonicalCounted(String name) {
    String canonical = clients.canonical(name);
    if (canonical.equals(McpClients.OTHER)) {
      localCounts.unknownClient();
    }
    return canonical;
  }

  @Override
  public void incrementRetrieveToolsCall() {
    delegate.incrementRetrieveToolsCall();
  }

  @Override
  public void addTokensSaved(long tokens) {
    delegate.addTokensSaved(tokens);
  }

  @Override
  public void setInstallerPending(boolean pending) {
    delegate.setInstallerPending(pending);
  }

  @Override
  public boolean isInstallerPending() {
    return delegate.isInstallerPending();
  }

  @Override
  public boolean isInstallerFlagEverSet() {
    return delegate.isInstallerFlagEverSet();
  }
}
