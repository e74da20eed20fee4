package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the install's anonymous id in the config file current: created by the first send, rotated
 * by the first send after it expires, replaced when the install is forgotten. The rules themselves
 * are {@link AnonymousIdentity}'s.
 */
final class IdentityKeeper {
  /** The identity a send uses and the config as it was written or read. */
  record Persisted(AnonymousIdentity identity, HostConfig config) {}

  private final CurrentConfig config;

  /**
   * The id a new or rotated identity will take, so that a payload shown before the first send
   * carries the id that send will persist. Replaced once persisted.
   */
  private final AtomicReference<String> nextId = new AtomicReference<>(AnonymousIdentity.newId());

  private String nextId() {
    return Objects.requireNonNull(nextId.get(), "the next id is never cleared to null");
  }

  IdentityKeeper(CurrentConfig config) {
    this.config = config;
  }

  /** The identity the next send would use, without writing anything. */
  AnonymousIdentity preview(HostConfig current, Instant now) {
    return resolve(current, now, nextId());
  }

  /** Makes sure a current anonymous id is persisted, creating or rotating it when needed. */
  Persisted ensure(Instant now) throws ConfigException {
    HostConfig current = config.read();
    String candidate = nextId();
    AnonymousIdentity stored = resolve(current, now, candidate);
    if (isPersisted(stored, current)) {
      return new Persisted(stored, current);
    }
    AtomicReference<@Nullable AnonymousIdentity> chosen = new AtomicReference<>();
    HostConfig updated =
        config.updateTelemetry(
            settings -> {
              AnonymousIdentity identity =
                  AnonymousIdentity.resolve(
                      settings.anonymousId(),
                      settings.anonymousIdCreatedAt(),
                      now,
                      () -> candidate);
              chosen.set(identity);
              return settings
                  .withAnonymousId(identity.id())
                  .withAnonymousIdCreatedAt(PayloadWriter.formatTimestamp(identity.createdAt()));
            });
    config.remember(updated);
    // The change runs at least once before an update returns.
    AnonymousIdentity identity = Objects.requireNonNull(chosen.get(), "chosen identity");
    if (identity.id().equals(candidate)) {
      nextId.compareAndSet(candidate, AnonymousIdentity.newId());
      TelemetryService.LOG.log(Level.INFO, "Telemetry uses a new anonymous id");
    }
    return new Persisted(identity, updated);
  }

  /**
   * Writes a fresh id, made today, in place of the current one, and forgets the last reported
   * version, which would link the new id to the old one.
   */
  void replace(Instant now) throws ConfigException {
    String fresh = AnonymousIdentity.newId();
    String createdAt = PayloadWriter.formatTimestamp(AnonymousIdentity.utcDay(now));
    config.updateTelemetry(
        t ->
            t.withAnonymousId(fresh)
                .withAnonymousIdCreatedAt(createdAt)
                .withLastReportedVersion(null));
  }

  private static AnonymousIdentity resolve(HostConfig config, Instant now, String candidate) {
    return AnonymousIdentity.resolve(
        config.anonymousId().orElse(null),
        config.anonymousIdCreatedAt().orElse(null),
        now,
        () -> candidate);
  }

  private static boolean isPersisted(AnonymousIdentity identity, HostConfig config) {
    return config.anonymousId().filter(identity.id()::equals).isPresent()
        && config
            .anonymousIdCreatedAt()
            .flatMap(AnonymousIdentity::parseCreatedAt)
            .filter(identity.createdAt()::equals)
            .isPresent();
  }
}
