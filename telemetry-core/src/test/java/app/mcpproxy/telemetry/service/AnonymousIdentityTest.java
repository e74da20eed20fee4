package app.mcpproxy.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AnonymousIdentityTest {
  private static final Instant NOW = Instant.parse("2026-11-24T15:31:48Z");
  private static final Instant TODAY = Instant.parse("2026-11-24T00:00:00Z");
  private static final String STORED = "0b7c6e58-3f1d-4c1a-9a7e-2f4d5b6c7d8e";
  private static final String FRESH = "7d3f1c2a-5b6e-4f70-8a9b-0c1d2e3f4a5b";

  private static AnonymousIdentity resolve(String id, String createdAt) {
    return AnonymousIdentity.resolve(id, createdAt, NOW, () -> FRESH);
  }

  @Nested
  class Resolve {
    @Test
    void keepsAYoungIdWithItsCreationDayOnly() {
      assertThat(resolve(STORED, "2026-01-02T03:04:05Z"))
          .isEqualTo(new AnonymousIdentity(STORED, Instant.parse("2026-01-02T00:00:00Z")));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "not-a-uuid",
          "0B7C6E58-3F1D-4C1A-9A7E-2F4D5B6C7D8E",
          "0b7c6e58-3f1d-1c1a-9a7e-2f4d5b6c7d8e"
        })
    void replacesAMissingOrMalformedId(String id) {
      assertThat(resolve(id, "2026-01-02T03:04:05Z"))
          .isEqualTo(new AnonymousIdentity(FRESH, TODAY));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"yesterday", "2026-13-01T00:00:00Z", "   "})
    void missingOrCorruptCreationTimeBecomesTodayWithoutRotating(String createdAt) {
      assertThat(resolve(STORED, createdAt)).isEqualTo(new AnonymousIdentity(STORED, TODAY));
    }

    @Test
    void rotatesAnIdOlderThan365Days() {
      String created = NOW.minus(Duration.ofDays(365)).minusSeconds(1).toString();

      assertThat(resolve(STORED, created)).isEqualTo(new AnonymousIdentity(FRESH, TODAY));
    }

    @Test
    void keepsAnIdExactly365DaysOld() {
      Instant created = NOW.minus(Duration.ofDays(365));

      assertThat(resolve(STORED, created.toString()).id()).isEqualTo(STORED);
    }

    @Test
    void neverRotatesAnIdCreatedInTheFuture() {
      assertThat(resolve(STORED, "2030-01-01T00:00:00Z"))
          .isEqualTo(new AnonymousIdentity(STORED, Instant.parse("2030-01-01T00:00:00Z")));
    }

    @Test
    void readsCreationTimesWithAnyOffsetAndKeepsTheirUtcDay() {
      assertThat(resolve(STORED, "2026-01-02T01:04:05+02:00").createdAt())
          .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  @Test
  void newIdsAreDistinctLowerCaseUuidV4() {
    String first = AnonymousIdentity.newId();
    String second = AnonymousIdentity.newId();

    assertThat(AnonymousIdentity.isValidId(first)).isTrue();
    assertThat(AnonymousIdentity.isValidId(second)).isTrue();
    assertThat(first).isNotEqualTo(second);
  }
}
