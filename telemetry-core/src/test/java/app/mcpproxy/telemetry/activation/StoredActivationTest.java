package app.mcpproxy.telemetry.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import app.mcpproxy.telemetry.activation.StoredActivation.InstallerFlag;
import app.mcpproxy.telemetry.model.ActivationState;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StoredActivationTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private static List<String> names(int count) {
    return IntStream.range(0, count).mapToObj(i -> "n" + i).toList();
  }

  @Test
  void rejectsMoreClientNamesThanTheCap() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new StoredActivation(
                    false,
                    false,
                    false,
                    names(17),
                    TumblingWindow.empty(),
                    TumblingWindow.empty(),
                    InstallerFlag.NEVER_SET))
        .withMessageContaining("17");
  }

  @Test
  void transitionsThatChangeNothingReturnTheSameValue() {
    StoredActivation all =
        StoredActivation.empty()
            .withFirstConnectedServer()
            .withFirstMcpClient()
            .withFirstRetrieveToolsCall()
            .withMcpClient("cursor")
            .withInstallerPending(true);

    assertThat(all.withFirstConnectedServer()).isSameAs(all);
    assertThat(all.withFirstMcpClient()).isSameAs(all);
    assertThat(all.withFirstRetrieveToolsCall()).isSameAs(all);
    assertThat(all.withMcpClient(" Cursor ")).isSameAs(all);
    assertThat(all.withInstallerPending(true)).isSameAs(all);
    assertThat(all.withTokensSaved(T0, 0)).isSameAs(all);
    assertThat(all.withTokensSaved(T0, -1)).isSameAs(all);
  }

  @Test
  void aFullClientListIgnoresNewNames() {
    StoredActivation full =
        new StoredActivation(
            false,
            false,
            false,
            names(16),
            TumblingWindow.empty(),
            TumblingWindow.empty(),
            InstallerFlag.NEVER_SET);

    assertThat(full.withMcpClient("another")).isSameAs(full);
  }

  @Test
  void installerFlagOfMapsTrueToPendingAndFalseToCleared() {
    assertThat(InstallerFlag.of(true)).isEqualTo(InstallerFlag.PENDING);
    assertThat(InstallerFlag.of(false)).isEqualTo(InstallerFlag.CLEARED);
  }

  @Nested
  class SanitizedClients {
    @Test
    void sanitisesDeduplicatesAndKeepsFirstSeenOrder() {
      assertThat(StoredActivation.sanitizedClients(List.of("B", "a", "b", "a/b", "c@d")))
          .containsExactly("b", "a", "unknown");
    }

    @Test
    void capsAtSixteenDistinctNames() {
      List<String> raw = new java.util.ArrayList<>(Collections.nCopies(5, "same"));
      raw.addAll(names(20));

      assertThat(StoredActivation.sanitizedClients(raw)).hasSize(16).startsWith("same", "n0");
    }

    @Test
    void treatsNullListAsEmptyAndNullNamesAsUnknown() {
      assertThat(StoredActivation.sanitizedClients(null)).isEmpty();
      assertThat(StoredActivation.sanitizedClients(Arrays.asList("zed", null)))
          .containsExactly("zed", "unknown");
    }
  }

  @Nested
  class ToState {
    @Test
    void reportsFlagsClientsCountsAndBucket() {
      StoredActivation stored =
          StoredActivation.empty()
              .withFirstMcpClient()
              .withMcpClient("cursor")
              .withRetrieveToolsCall(T0)
              .withRetrieveToolsCall(T0)
              .withTokensSaved(T0, 150);

      assertThat(stored.toState(T0.plusSeconds(5)))
          .isEqualTo(new ActivationState(false, true, false, List.of("cursor"), 2, "100_1k", 0));
    }

    @Test
    void clampsHugeCountsToTheLargestInt() {
      StoredActivation stored =
          new StoredActivation(
              false,
              false,
              false,
              List.of(),
              new TumblingWindow(T0, Long.MAX_VALUE),
              TumblingWindow.empty(),
              InstallerFlag.NEVER_SET);

      assertThat(stored.toState(T0).retrieveToolsCalls24h()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void readsEndedWindowsAsZero() {
      StoredActivation stored =
          StoredActivation.empty().withRetrieveToolsCall(T0).withTokensSaved(T0, 10);

      ActivationState later = stored.toState(T0.plus(Duration.ofHours(24)));

      assertThat(later.retrieveToolsCalls24h()).isZero();
      assertThat(later.estimatedTokensSaved24hBucket()).isEqualTo("0");
    }
  }

  @Nested
  class MergedWith {
    @Test
    void keepsTheInstallerFlag() {
      StoredActivation pending = StoredActivation.empty().withInstallerPending(true);

      assertThat(pending.mergedWith(ActivationState.empty(), T0).installerFlag())
          .isEqualTo(InstallerFlag.PENDING);
    }

    @Test
    void opensAWindowAtNowForASavedCountWhenNoneIsOpen() {
      StoredActivation merged =
          StoredActivation.empty()
              .mergedWith(new ActivationState(false, false, false, List.of(), 3, "0", 0), T0);

      assertThat(merged.retrieveToolsCalls()).isEqualTo(new TumblingWindow(T0, 3));
    }
  }
}
