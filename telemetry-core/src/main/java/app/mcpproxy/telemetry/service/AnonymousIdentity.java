package app.mcpproxy.telemetry.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An install's anonymous id and when it was made, and the rules that keep it fresh.
 *
 * <p>An id is a lower-case UUIDv4. It is replaced when it is missing or malformed, and rotated once
 * it is older than {@link #MAX_AGE}. A missing or unreadable creation time is set to now without
 * rotating; a creation time in the future never rotates.
 *
 * @param id the id
 * @param createdAt when the id was made
 */
record AnonymousIdentity(String id, Instant createdAt) {
  /** Ids older than this are replaced. */
  static final Duration MAX_AGE = Duration.ofDays(365);

  private static final Pattern UUID_V4 =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

  AnonymousIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Makes a fresh random UUIDv4 from a cryptographically strong source. */
  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Tells whether a string is a lower-case UUIDv4. */
  static boolean isValidId(@Nullable String id) {
    return id != null && UUID_V4.matcher(id).matches();
  }

  /**
   * Parses a stored creation time, RFC 3339 with any offset.
   *
   * @return the instant, or empty when missing or unreadable
   */
  static Optional<Instant> parseCreatedAt(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Decides the identity to use now from what is stored.
   *
   * @param storedId the stored id, may be {@code null}
   * @param storedCreatedAt the stored creation time, may be {@code null}
   * @param now the current time
   * @param freshId supplies a new id when one is needed
   * @return the identity to use; equal to the stored one when nothing had to change
   */
  static AnonymousIdentity resolve(
      @Nullable String storedId,
      @Nullable String storedCreatedAt,
      Instant now,
      Supplier<String> freshId) {
    Instant today = utcDay(now);
    if (storedId == null || !isValidId(storedId)) {
      return new AnonymousIdentity(freshId.get(), today);
    }
    Optional<Instant> createdAt = parseCreatedAt(storedCreatedAt);
    if (createdAt.isEmpty()) {
      return new AnonymousIdentity(storedId, today);
    }
    if (createdAt.get().plus(MAX_AGE).isBefore(now)) {
      return new AnonymousIdentity(freshId.get(), today);
    }
    return new AnonymousIdentity(storedId, utcDay(createdAt.get()));
  }

  /**
   * Rounds down to the start of the UTC day, so that a creation time cannot be matched to the
   * moment of an event such as a deletion request.
   */
  static Instant utcDay(Instant instant) {
    return instant.truncatedTo(ChronoUnit.DAYS);
  }
}
