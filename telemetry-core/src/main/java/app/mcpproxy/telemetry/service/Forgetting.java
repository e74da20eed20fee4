package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.transport.EndpointResult;
import app.mcpproxy.telemetry.transport.TelemetryEndpoint;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Forgets the install: the endpoint deletes what it holds for the anonymous id, then the local id
 * is replaced and the local heartbeat log cleared. The local steps wait for the endpoint's
 * confirmation, so that forgetting can be retried with the same id.
 */
final class Forgetting {
  private final ReentrantLock sendLock;
  private final CurrentConfig config;
  private final IdentityKeeper identities;
  private final DatabaseAccess databases;
  private final Supplier<TelemetryEndpoint> transport;
  private final Clock clock;
  private final UnsentCounters unsent;

  Forgetting(
      ReentrantLock sendLock,
      CurrentConfig config,
      IdentityKeeper identities,
      DatabaseAccess databases,
      Supplier<TelemetryEndpoint> transport,
      Clock clock,
      UnsentCounters unsent) {
    this.sendLock = sendLock;
    this.config = config;
    this.identities = identities;
    this.databases = databases;
    this.transport = transport;
    this.clock = clock;
    this.unsent = unsent;
  }

  /** Does what {@link TelemetryService#forget()} describes; no heartbeat is sent meanwhile. */
  ForgetResult forget() {
    sendLock.lock();
    try {
      Optional<String> id = config.read().anonymousId().filter(AnonymousIdentity::isValidId);
      ForgetResult.Step remote = id.isEmpty() ? nothingHeld() : deleteRemotely(id.get());
      if (!remote.done()) {
        ForgetResult.Step kept =
            ForgetResult.Step.notDone("kept so that forgetting can be retried");
        return new ForgetResult(remote, kept, kept);
      }
      return new ForgetResult(remote, rotateId(id), clearLog());
    } finally {
      sendLock.unlock();
    }
  }

  private static ForgetResult.Step nothingHeld() {
    return ForgetResult.Step.done("no anonymous id yet; the endpoint holds nothing");
  }

  private ForgetResult.Step deleteRemotely(String id) {
    EndpointResult result = transport.get().deleteInstall(id);
    if (result.isSuccess()) {
      return ForgetResult.Step.done(
          "the endpoint deleted this install (" + result.describe() + ")");
    }
    if (result.statusCode() == 404) {
      return ForgetResult.Step.done("the endpoint holds nothing for this install (HTTP 404)");
    }
    return ForgetResult.Step.notDone("the endpoint did not confirm: " + result.describe());
  }

  private ForgetResult.Step rotateId(Optional<String> oldId) {
    if (oldId.isEmpty()) {
      return ForgetResult.Step.done("no anonymous id to replace");
    }
    try {
      identities.replace(clock.instant());
      return ForgetResult.Step.done("a new anonymous id replaced the old one");
    } catch (ConfigException e) {
      return ForgetResult.Step.notDone("cannot write the config: " + e.getMessage());
    }
  }

  /**
   * Clears what the next heartbeat would otherwise carry over from the old id: the log, the
   * activation funnel with its client list, and the counters not sent yet.
   */
  private ForgetResult.Step clearLog() {
    try {
      unsent.forget();
      databases.existingActivationStore().ifPresent(ActivationStore::clear);
      Optional<TelemetryDatabase> db = databases.existing();
      if (db.isEmpty()) {
        return ForgetResult.Step.done("no local heartbeat log");
      }
      db.get().heartbeatLog().clear();
      return ForgetResult.Step.done(
          "the local heartbeat log, activation state and unsent counters are cleared");
    } catch (StoreException e) {
      return ForgetResult.Step.notDone("cannot clear the local log: " + e.getMessage());
    }
  }
}
