package app.mcpproxy.telemetry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.model.ActivationState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link ActivationStore} shares; a test class per implementation extends it and
 * supplies the store under test. Public with public methods because implementations live in other
 * packages and the test engine reaches these methods through this exported package.
 */
// Test annotations come from unnamed modules; this class never ships, so that is harmless.
@SuppressWarnings("exports")
public abstract class ActivationStoreContract {
  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private ActivationStore store;

  /** For subclasses. */
  protected ActivationStoreContract() {}

  /**
   * Returns a new, empty store of the implementation under test.
   *
   * @param clock the clock the store must use
   * @return the store
   */
  protected abstract ActivationStore newStore(Clock clock);

  /** Creates the store under test. */
  @BeforeEach
  public void createStore() {
    store = newStore(clock);
  }

  private ActivationStore store() {
    return store;
  }

  @Test
  public void newStoreHoldsTheEmptyState() {
    assertThat(store().load()).isEqualTo(ActivationState.empty());
    assertThat(store().load().mcpClientsSeenEver()).isNotNull().isEmpty();
  }

  @Test
  public void marksSetTheirOwnFlagOnly() {
    store().markFirstConnectedServer();

    ActivationState state = store().load();
    assertThat(state.firstConnectedServerEver()).isTrue();
    assertThat(state.firstMcpClientEver()).isFalse();
    assertThat(state.firstRetrieveToolsCallEver()).isFalse();
  }

  @Test
  public void everyFlagCanBeMarkedAndMarkingTwiceKeepsItSet() {
    store().markFirstConnectedServer();
    store().markFirstMcpClient();
    store().markFirstRetrieveToolsCall();
    store().markFirstMcpClient();

    ActivationState state = store().load();
    assertThat(state.firstConnectedServerEver()).isTrue();
    assertThat(state.firstMcpClientEver()).isTrue();
    assertThat(state.firstRetrieveToolsCallEver()).isTrue();
  }

  @Test
  public void saveNeverRevertsAFlag() {
    store().markFirstConnectedServer();
    store().markFirstMcpClient();
    store().markFirstRetrieveToolsCall();

    store().save(ActivationState.empty());

    ActivationState state = store().load();
    assertThat(state.firstConnectedServerEver()).isTrue();
    assertThat(state.firstMcpClientEver()).isTrue();
    assertThat(state.firstRetrieveToolsCallEver()).isTrue();
  }

  @Test
  public void saveSetsFlagsThatWereNotSet() {
    store().save(new ActivationState(true, false, true, List.of(), 0, "0", 0));

    ActivationState state = store().load();
    assertThat(state.firstConnectedServerEver()).isTrue();
    assertThat(state.firstMcpClientEver()).isFalse();
    assertThat(state.firstRetrieveToolsCallEver()).isTrue();
  }

  @Test
  public void recordsSanitisedClientNamesOnceInTheOrderFirstSeen() {
    store().recordMcpClient("Claude-Code");
    store().recordMcpClient(" cursor ");
    store().recordMcpClient("claude-code");
    store().recordMcpClient("a/b");
    store().recordMcpClient("x@y");

    assertThat(store().load().mcpClientsSeenEver())
        .containsExactly("claude-code", "cursor", "unknown");
  }

  @Test
  public void keepsSixteenDistinctClientsAndDropsTheSeventeenth() {
    for (int i = 1; i <= 17; i++) {
      store().recordMcpClient("client-" + i);
    }
    store().recordMcpClient("client-3");

    List<String> seen = store().load().mcpClientsSeenEver();
    assertThat(seen).hasSize(ActivationState.MAX_MCP_CLIENTS_SEEN);
    assertThat(seen)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 16).mapToObj(i -> "client-" + i).toList());
  }

  @Test
  public void countsRetrieveToolsCallsInTheCurrentWindow() {
    store().incrementRetrieveToolsCall();
    clock.advance(Duration.ofHours(23).plusMinutes(59));
    store().incrementRetrieveToolsCall();

    assertThat(store().load().retrieveToolsCalls24h()).isEqualTo(2);
  }

  @Test
  public void retrieveToolsCallsRestartInANewWindowAfterTwentyFourHours() {
    store().incrementRetrieveToolsCall();
    store().incrementRetrieveToolsCall();
    clock.advance(Duration.ofHours(23));
    store().incrementRetrieveToolsCall();
    clock.advance(Duration.ofHours(1));

    store().incrementRetrieveToolsCall();

    assertThat(store().load().retrieveToolsCalls24h()).isEqualTo(1);
    clock.advance(Duration.ofHours(23));
    assertThat(store().load().retrieveToolsCalls24h()).isEqualTo(1);
  }

  @Test
  public void callsInAnOpenWindowReadOnlyAfterItEndsDecayWithIt() {
    store().incrementRetrieveToolsCall();
    clock.advance(Duration.ofHours(12));
    store().incrementRetrieveToolsCall();
    store().incrementRetrieveToolsCall();
    clock.advance(Duration.ofHours(13));

    assertThat(store().load().retrieveToolsCalls24h()).isZero();
    store().incrementRetrieveToolsCall();
    assertThat(store().load().retrieveToolsCalls24h()).isEqualTo(1);
  }

  @Test
  public void readsDecayToZeroWithoutAnyWrite() {
    store().incrementRetrieveToolsCall();
    store().addTokensSaved(5_000);

    clock.advance(Duration.ofHours(24));

    ActivationState state = store().load();
    assertThat(state.retrieveToolsCalls24h()).isZero();
    assertThat(state.estimatedTokensSaved24hBucket()).isEqualTo("0");
  }

  @Test
  public void reportsTokensSavedAsABucketOfTheWindowTotal() {
    store().addTokensSaved(60);
    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("1_100");

    store().addTokensSaved(60);
    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("100_1k");

    store().addTokensSaved(200_000);
    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("100k_plus");
  }

  @Test
  public void tokensSavedRestartAfterTwentyFourHours() {
    store().addTokensSaved(50_000);
    clock.advance(Duration.ofHours(24));

    store().addTokensSaved(10);

    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("1_100");
  }

  @Test
  public void ignoresTokensSavedOfZeroOrLess() {
    store().addTokensSaved(0);
    store().addTokensSaved(-10);

    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("0");
  }

  @Test
  public void tokensSavedOfZeroOpenNoWindow() {
    store().addTokensSaved(0);
    clock.advance(Duration.ofHours(12));
    store().addTokensSaved(50_000);
    clock.advance(Duration.ofHours(13));

    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("10k_100k");
  }

  @Test
  public void leavesConfiguredIdeCountToTheHost() {
    store().save(new ActivationState(false, false, false, List.of(), 0, "0", 4));

    assertThat(store().load().configuredIdeCount()).isZero();
  }

  @Test
  public void installerFlagStartsNeverSet() {
    assertThat(store().isInstallerPending()).isFalse();
    assertThat(store().isInstallerFlagEverSet()).isFalse();
  }

  @Test
  public void installerFlagCanBeSetAndCleared() {
    store().setInstallerPending(true);
    assertThat(store().isInstallerPending()).isTrue();
    assertThat(store().isInstallerFlagEverSet()).isTrue();

    store().setInstallerPending(false);
    assertThat(store().isInstallerPending()).isFalse();
    assertThat(store().isInstallerFlagEverSet()).isTrue();
  }

  @Test
  public void clearingANeverSetInstallerFlagCountsAsSet() {
    store().setInstallerPending(false);

    assertThat(store().isInstallerFlagEverSet()).isTrue();
  }

  @Test
  public void saveReplacesClientNamesSanitisedAndCapped() {
    store().recordMcpClient("zed");
    List<String> saved = new ArrayList<>();
    saved.add("Cursor");
    saved.add("cursor");
    for (int i = 0; i < 20; i++) {
      saved.add("c" + i);
    }

    store().save(new ActivationState(false, false, false, saved, 0, "0", 0));

    List<String> seen = store().load().mcpClientsSeenEver();
    assertThat(seen).hasSize(16).startsWith("cursor", "c0").doesNotContain("zed");
  }

  @Test
  public void saveReplacesTheRetrieveToolsCountOfTheOpenWindow() {
    store().incrementRetrieveToolsCall();
    clock.advance(Duration.ofHours(20));

    store().save(new ActivationState(false, false, false, List.of(), 9, "0", 0));

    assertThat(store().load().retrieveToolsCalls24h()).isEqualTo(9);
    clock.advance(Duration.ofHours(4));
    assertThat(store().load().retrieveToolsCalls24h()).isZero();
  }

  @Test
  public void saveKeepsTheTokensSavedTotal() {
    store().addTokensSaved(500);

    store().save(new ActivationState(false, false, false, List.of(), 0, "100k_plus", 0));
    store().addTokensSaved(600);

    assertThat(store().load().estimatedTokensSaved24hBucket()).isEqualTo("1k_10k");
  }

  @Test
  public void saveOfLoadChangesNothing() {
    store().markFirstMcpClient();
    store().recordMcpClient("cursor");
    store().incrementRetrieveToolsCall();
    store().addTokensSaved(42);
    ActivationState before = store().load();

    store().save(before);

    assertThat(store().load()).isEqualTo(before);
  }

  @Test
  public void saveRejectsANegativeRetrieveToolsCount() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> store().save(new ActivationState(false, false, false, List.of(), -3, "0", 0)))
        .withMessageContaining("-3");
  }

  @Test
  public void saveRejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> store().save(null));
  }

  @Test
  public void concurrentIncrementsAreAllCounted() throws InterruptedException {
    int threads = 4;
    int perThread = 2_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers.add(
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  store().incrementRetrieveToolsCall();
                  store().addTokensSaved(1);
                  store().recordMcpClient("client-" + id);
                }
              }));
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join();
    }

    ActivationState state = store().load();
    assertThat(state.retrieveToolsCalls24h()).isEqualTo(threads * perThread);
    assertThat(state.estimatedTokensSaved24hBucket()).isEqualTo("1k_10k");
    assertThat(state.mcpClientsSeenEver())
        .containsExactlyInAnyOrder("client-0", "client-1", "client-2", "client-3");
  }
}
