package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.env.OptOut;
import app.mcpproxy.telemetry.env.OptOutDecision;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.internal.Once;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.store.DurableStore;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.transport.EndpointResult;
import app.mcpproxy.telemetry.transport.TelemetryEndpoint;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Sends one heartbeat and takes its consequences: on a 2xx answer it removes the counts it carried
 * from the outbox (or the registry), consumes the installer one-shot and records the reported
 * version; every attempt that reached the endpoint, answered or not, goes into the local log. Each
 * heartbeat carries an {@code Idempotency-Key} that stays the same while its counts are retried.
 */
final class HeartbeatSender {
  private static final Logger LOG = TelemetryService.LOG;

  /** Entries are removed this many times at most before a heartbeat is given up. */
  private static final int MAX_REMOVAL_ROUNDS = 3;

  private final ReentrantLock sendLock;
  private final BooleanSupplier closed;
  private final CurrentConfig config;
  private final ProcessEnvironment process;
  private final Optional<String> version;
  private final DatabaseAccess databases;
  private final UnsentCounters unsent;
  private final CounterRegistry registry;
  private final IdentityKeeper identities;
  private final PayloadAssembler assembler;
  private final LocalCounts localCounts;
  private final Supplier<TelemetryEndpoint> transport;
  private final Clock clock;
  private final Once<AnonymityScanner> scanner;

  HeartbeatSender(
      ReentrantLock sendLock,
      BooleanSupplier closed,
      CurrentConfig config,
      ProcessEnvironment process,
      Optional<String> version,
      DatabaseAccess databases,
      UnsentCounters unsent,
      CounterRegistry registry,
      IdentityKeeper identities,
      PayloadAssembler assembler,
      LocalCounts localCounts,
      Supplier<TelemetryEndpoint> transport,
      Clock clock) {
    this.sendLock = sendLock;
    this.closed = closed;
    this.config = config;
    this.process = process;
    this.version = version;
    this.databases = databases;
    this.unsent = unsent;
    this.registry = registry;
    this.identities = identities;
    this.assembler = assembler;
    this.localCounts = localCounts;
    this.transport = transport;
    this.clock = clock;
    this.scanner =
        new Once<>(
            () ->
                new AnonymityScanner(
                    BlockedValues.fromProcess(
                        process.hostname(), process.homeDirectory(), process.env())));
  }

  /** The verdict of the scanner every heartbeat passes before it leaves. */
  Optional<AnonymityViolation> scan(byte[] json) {
    return scanner.get().scan(json);
  }

  /** Sends one heartbeat unless telemetry is off; waits for a send in flight. */
  SendResult send() {
    sendLock.lock();
    try {
      if (closed.getAsBoolean()) {
        return SendResult.notSent(SendResult.Status.FAILED, "the telemetry service is closed");
      }
      HostConfig current = config.readStrictly();
      OptOutDecision decision = OptOut.decide(process.env(), current.telemetryEnabled());
      if (!decision.enabled() || version.isEmpty()) {
        return SendResult.notSent(SendResult.Status.DISABLED, disabledDetail(decision));
      }
      return sendEnabled(version.get());
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "Telemetry heartbeat not sent, local database: {0}", e.getMessage());
      return SendResult.notSent(SendResult.Status.FAILED, "local database: " + e.getMessage());
    } catch (ConfigException e) {
      LOG.log(Level.WARNING, "Telemetry heartbeat not sent, config: {0}", e.getMessage());
      return SendResult.notSent(SendResult.Status.FAILED, "config: " + e.getMessage());
    } finally {
      sendLock.unlock();
    }
  }

  /** Says why telemetry is off, for logs and results. */
  static String disabledDetail(OptOutDecision decision) {
    return decision.enabled()
        ? "telemetry is off: the host version is not semver"
        : "telemetry is off, decided by " + decision.decidedBy();
  }

  private SendResult sendEnabled(String reportedVersion) throws ConfigException {
    boolean flushed = unsent.flush();
    boolean sender = flushed && databases.store().holdSenderLock();
    Instant now = clock.instant();
    IdentityKeeper.Persisted current = identities.ensure(now);
    DurableStore durable = databases.store();
    durable.syncActivation();
    ActivationStore store = durable.activationStore();
    if (process.launchSource() == LaunchSource.INSTALLER && !store.isInstallerFlagEverSet()) {
      store.setInstallerPending(true);
    }
    boolean installerPending = store.isInstallerPending();
    UnsentCounters.Batch batch = unsent.next(flushed, sender);
    LaunchSource launchSource = assembler.launchSource(installerPending, true);
    HeartbeatPayload payload =
        assembler.assemble(
            current.config(),
            current.identity(),
            batch.counters(),
            now,
            launchSource,
            store.load());
    byte[] json = PayloadWriter.toJson(payload);

    Optional<AnonymityViolation> violation = scanner.get().scan(json);
    // A refused entry is removed and the rest sent, so that no single value silences an install.
    for (int round = 0; violation.isPresent() && round < MAX_REMOVAL_ROUNDS; round++) {
      Optional<UnsentCounters.Batch> kept = removeRefusedEntries(payload, batch, store);
      if (kept.isEmpty()) {
        break;
      }
      batch = kept.get();
      payload =
          assembler.assemble(
              current.config(),
              current.identity(),
              batch.counters(),
              now,
              launchSource,
              store.load());
      json = PayloadWriter.toJson(payload);
      violation = scanner.get().scan(json);
    }
    if (violation.isPresent()) {
      flushLocalCounts();
      return blocked(violation.get());
    }

    EndpointResult result = transport.get().postHeartbeat(json, batch.key());
    if (result.isSuccess()) {
      acknowledged(batch, installerPending, store, reportedVersion);
    } else {
      LOG.log(Level.WARNING, "Telemetry heartbeat not accepted: {0}", result.describe());
    }
    SentHeartbeat entry =
        new SentHeartbeat(
            now,
            result.statusCode(),
            result.failure().orElse(null),
            new String(json, StandardCharsets.UTF_8));
    databases.open().ifPresent(db -> appendToLog(db, entry));
    flushLocalCounts();

    SendResult.Status status =
        result.isSuccess()
            ? SendResult.Status.ACCEPTED
            : result.statusCode() == 0 ? SendResult.Status.FAILED : SendResult.Status.REJECTED;
    return new SendResult(status, result.statusCode(), result.describe(), result.retryAfter());
  }

  /**
   * Scans each entry the host's input decided, alone, with the same scanner, and removes those it
   * refuses: from the batch and wherever it is kept (outbox or registry), or from the stored client
   * list. Only the rule is counted, never the value.
   *
   * @return the batch without the refused entries, or empty when nothing could be removed
   */
  private Optional<UnsentCounters.Batch> removeRefusedEntries(
      HeartbeatPayload payload, UnsentCounters.Batch batch, ActivationStore store) {
    EntryScan entries = new EntryScan(scanner.get());
    Set<String> restKeys = new HashSet<>();
    for (String key : payload.restEndpointCalls().keySet()) {
      entries.restKey(key).ifPresent(refused -> refuse(restKeys, key, refused));
    }
    Set<String> checks = new HashSet<>();
    for (String check : payload.doctorChecks().keySet()) {
      entries.doctorCheck(check).ifPresent(refused -> refuse(checks, check, refused));
    }
    Set<String> clients = new HashSet<>();
    if (payload.activation() != null) {
      for (String client : payload.activation().mcpClientsSeenEver()) {
        entries.client(client).ifPresent(refused -> refuse(clients, client, refused));
      }
    }
    if (restKeys.isEmpty() && checks.isEmpty() && clients.isEmpty()) {
      return Optional.empty();
    }
    if (!clients.isEmpty()) {
      ActivationState stored = store.load();
      List<String> kept =
          stored.mcpClientsSeenEver().stream()
              .filter(name -> !clients.contains(assembler.canonicalClient(name)))
              .toList();
      store.save(
          new ActivationState(
              stored.firstConnectedServerEver(),
              stored.firstMcpClientEver(),
              stored.firstRetrieveToolsCallEver(),
              kept,
              stored.retrieveToolsCalls24h(),
              stored.estimatedTokensSaved24hBucket(),
              stored.configuredIdeCount()));
    }
    return Optional.of(unsent.without(batch, restKeys, checks));
  }

  private void refuse(Set<String> refused, String entry, AnonymityViolation violation) {
    refused.add(entry);
    localCounts.removedByScanner(violation.rule().wireName());
  }

  private void flushLocalCounts() {
    try {
      localCounts.flush(databases::open);
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "Telemetry local counts not written: {0}", e.getMessage());
    }
  }

  private SendResult blocked(AnonymityViolation violation) {
    registry.recordAnonymityViolation();
    LOG.log(
        Level.ERROR,
        "Telemetry heartbeat skipped by the anonymity scanner: rule {0}, pattern {1}",
        violation.rule().wireName(),
        violation.pattern());
    return SendResult.notSent(
        SendResult.Status.BLOCKED,
        "anonymity scanner: " + violation.rule().wireName() + " (" + violation.pattern() + ")");
  }

  /** Takes the consequences of a 2xx answer to a heartbeat that carried {@code sent}. */
  private void acknowledged(
      UnsentCounters.Batch sent,
      boolean installerReported,
      ActivationStore store,
      String reportedVersion) {
    unsent.acknowledged(sent);
    if (installerReported) {
      store.setInstallerPending(false);
    }
    try {
      config.updateTelemetry(t -> t.withLastReportedVersion(reportedVersion));
    } catch (ConfigException e) {
      LOG.log(
          Level.WARNING, "Telemetry could not record the reported version: {0}", e.getMessage());
    }
  }

  private static void appendToLog(TelemetryDatabase db, SentHeartbeat entry) {
    try {
      db.heartbeatLog().append(entry);
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "Telemetry heartbeat log not written: {0}", e.getMessage());
    }
  }
}
