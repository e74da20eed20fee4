package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.env.OptOutDecision;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.store.StorageStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the telemetry of an install is doing, as {@link TelemetryService#status()} sees it: the one
 * account that every view of the install (a host's settings page, the command line) shows.
 *
 * @param enabled whether heartbeats may be sent: no opt-out and a semver host version
 * @param optOut the opt-out decision, with every source in precedence order
 * @param version the host version as reported; empty when it is not semver
 * @param anonymousId the install's anonymous id; empty until the first heartbeat is sent
 * @param endpoint the endpoint heartbeats and feedback go to
 * @param dataDir the directory of {@code telemetry.db}
 * @param storage whether {@code telemetry.db} is in use, not created yet, or unusable
 * @param activation the activation funnel held in {@code telemetry.db}; empty when there is no
 *     usable file
 * @param localCounts how often something was kept back on this machine instead of being sent, by
 *     kind (see {@link TelemetryService#localCounts()}); never sent
 */
public record TelemetryStatus(
    boolean enabled,
    OptOutDecision optOut,
    Optional<String> version,
    Optional<String> anonymousId,
    URI endpoint,
    Path dataDir,
    StorageStatus storage,
    Optional<ActivationState> activation,
    SortedMap<String, Long> localCounts) {

  /** Checks components and copies the counts. */
  public TelemetryStatus {
    Objects.requireNonNull(optOut, "optOut");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(activation, "activation");
    localCounts = Collections.unmodifiableSortedMap(new TreeMap<>(localCounts));
  }
}
