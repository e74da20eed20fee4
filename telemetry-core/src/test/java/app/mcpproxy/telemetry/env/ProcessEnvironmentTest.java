package app.mcpproxy.telemetry.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.EnvMarkers;
import app.mcpproxy.telemetry.model.LaunchSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessEnvironmentTest {
  private static final int THREADS = 8;

  @Nested
  class Builder {
    @Test
    void defaultsAreInertButForTheMachinesOwnNames() {
      ProcessEnvironment process = ProcessEnvironment.builder().build();

      assertThat(process.env()).isEmpty();
      assertThat(process.goOs()).isEqualTo("linux");
      assertThat(process.goArch()).isEqualTo("amd64");
      assertThat(process.runtimeVersion()).isEqualTo(Platform.runtimeVersion());
      assertThat(process.hostname()).isEqualTo(ProcessEnvironment.system().hostname());
      assertThat(process.homeDirectory()).isEqualTo(ProcessEnvironment.system().homeDirectory());
      assertThat(process.envDetection())
          .isEqualTo(new EnvDetection(EnvKind.HEADLESS, EnvMarkers.none()));
      assertThat(process.launchSource()).isEqualTo(LaunchSource.UNKNOWN);
    }

    @Test
    void detectionUsesTheGivenParts() {
      ProcessEnvironment process =
          ProcessEnvironment.builder()
              .env(Map.of("CI", "true", "DISPLAY", ":0"))
              .goOs("darwin")
              .goArch("arm64")
              .runtimeVersion("java21.0.4")
              .fileProber("/run/.containerenv"::equals)
              .tty(() -> true)
              .handshake(() -> false)
              .ppid(() -> true)
              .hostname("build-box")
              .homeDirectory(Path.of("/home/alice"))
              .build();

      assertThat(process.goOs()).isEqualTo("darwin");
      assertThat(process.goArch()).isEqualTo("arm64");
      assertThat(process.runtimeVersion()).isEqualTo("java21.0.4");
      assertThat(process.hostname()).contains("build-box");
      assertThat(process.homeDirectory()).contains(Path.of("/home/alice"));
      assertThat(process.envDetection())
          .isEqualTo(new EnvDetection(EnvKind.CI, new EnvMarkers(true, false, true, true, true)));
      assertThat(process.launchSource()).isEqualTo(LaunchSource.LOGIN_ITEM);
    }

    @Test
    void environmentIsCopiedAndUnmodifiable() {
      Map<String, String> source = new HashMap<>(Map.of("CODESPACES", "true"));
      ProcessEnvironment process = ProcessEnvironment.builder().env(source).build();

      source.clear();

      assertThat(process.env()).containsExactly(Map.entry("CODESPACES", "true"));
      assertThat(process.envDetection().kind()).isEqualTo(EnvKind.CLOUD_IDE);
      assertThatThrownBy(() -> process.env().put("CI", "1"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNullsAndBlanksByName() {
      ProcessEnvironment.Builder builder = ProcessEnvironment.builder();
      Map<String, String> nullValue = new HashMap<>();
      nullValue.put("CI", null);

      assertThatNullPointerException().isThrownBy(() -> builder.env(null)).withMessage("env");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.env(nullValue))
          .withMessageContaining("CI");
      assertThatNullPointerException().isThrownBy(() -> builder.goOs(null)).withMessage("goOs");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> builder.goArch(" "))
          .withMessageContaining("goArch");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> builder.hostname(""))
          .withMessageContaining("hostname");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.fileProber(null))
          .withMessage("fileProber");
      assertThatNullPointerException().isThrownBy(() -> builder.tty(null)).withMessage("tty");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.handshake(null))
          .withMessage("handshake");
      assertThatNullPointerException().isThrownBy(() -> builder.ppid(null)).withMessage("ppid");
      assertThatNullPointerException()
          .isThrownBy(() -> builder.homeDirectory(null))
          .withMessage("homeDirectory");
    }
  }

  @Nested
  class Memoisation {
    @Test
    void envDetectionRunsOnceAndIsReused() {
      AtomicInteger probes = new AtomicInteger();
      ProcessEnvironment process =
          ProcessEnvironment.builder()
              .fileProber(
                  path -> {
                    probes.incrementAndGet();
                    return false;
                  })
              .build();

      EnvDetection first = process.envDetection();
      EnvDetection second = process.envDetection();

      assertThat(second).isSameAs(first);
      assertThat(probes).hasValue(EnvKindDetector.CONTAINER_FILES.size());
    }

    @Test
    void detectionWaitsForFirstUse() {
      AtomicInteger probes = new AtomicInteger();

      ProcessEnvironment.builder()
          .fileProber(
              path -> {
                probes.incrementAndGet();
                return false;
              })
          .tty(
              () -> {
                probes.incrementAndGet();
                return false;
              })
          .build();

      assertThat(probes).hasValue(0);
    }

    @Test
    void concurrentFirstCallsDetectTheEnvironmentOnce() throws InterruptedException {
      AtomicInteger probes = new AtomicInteger();
      List<Thread> callers = new ArrayList<>();
      FileProber prober =
          path -> {
            if (probes.getAndIncrement() == 0) {
              awaitOthersStalled(callers);
            }
            return false;
          };
      ProcessEnvironment process = ProcessEnvironment.builder().fileProber(prober).build();

      Set<EnvDetection> results = callConcurrently(callers, process::envDetection);

      assertThat(probes).hasValue(EnvKindDetector.CONTAINER_FILES.size());
      assertThat(results).hasSize(1);
    }

    @Test
    void concurrentFirstCallsDetectTheLaunchSourceOnce() throws InterruptedException {
      AtomicInteger checks = new AtomicInteger();
      List<Thread> callers = new ArrayList<>();
      TTYChecker tty =
          () -> {
            if (checks.getAndIncrement() == 0) {
              awaitOthersStalled(callers);
            }
            return true;
          };
      ProcessEnvironment process = ProcessEnvironment.builder().tty(tty).build();

      Set<LaunchSource> results = callConcurrently(callers, process::launchSource);

      assertThat(checks).hasValue(1);
      assertThat(results).containsExactly(LaunchSource.CLI);
    }

    @Test
    void hostnameIsReturnedUnchangedOnEveryCall() {
      ProcessEnvironment process = ProcessEnvironment.builder().hostname("box").build();

      assertThat(process.hostname()).isSameAs(process.hostname()).contains("box");
    }
  }

  @Nested
  class LaunchSourceIgnoringInstaller {
    @ParameterizedTest(name = "launched by \"{0}\", tray {1}, login item {2}, terminal {3}")
    @CsvSource({
      "installer, false, false, false, installer, unknown",
      "installer, true,  true,  true,  installer, tray",
      "installer, false, true,  true,  installer, login_item",
      "' INSTALLER ', false, false, true, installer, cli",
      "'',        false, true,  false, login_item, login_item",
      "tray,      false, false, true,  cli,       cli",
    })
    void detectsAsIfTheInstallerVariableWereUnset(
        String launchedBy,
        boolean tray,
        boolean loginItem,
        boolean terminal,
        String expectedLaunchSource,
        String expectedIgnoringInstaller) {
      ProcessEnvironment process =
          ProcessEnvironment.builder()
              .env(Map.of("MCPPROXY_LAUNCHED_BY", launchedBy))
              .handshake(() -> tray)
              .ppid(() -> loginItem)
              .tty(() -> terminal)
              .build();

      assertThat(process.launchSourceIgnoringInstaller().wireName())
          .isEqualTo(expectedIgnoringInstaller);
      assertThat(process.launchSource().wireName()).isEqualTo(expectedLaunchSource);
      assertThat(process.env()).containsEntry("MCPPROXY_LAUNCHED_BY", launchedBy);
    }

    @Test
    void isDetectedOnceAndKept() {
      AtomicInteger checks = new AtomicInteger();
      ProcessEnvironment process =
          ProcessEnvironment.builder()
              .env(Map.of("MCPPROXY_LAUNCHED_BY", "installer"))
              .ppid(
                  () -> {
                    checks.incrementAndGet();
                    return true;
                  })
              .build();

      LaunchSource first = process.launchSourceIgnoringInstaller();
      LaunchSource second = process.launchSourceIgnoringInstaller();

      assertThat(first).isSameAs(second).isEqualTo(LaunchSource.LOGIN_ITEM);
      assertThat(checks).hasValue(1);
    }

    @Test
    void withoutTheInstallerVariableReusesTheLaunchSource() {
      AtomicInteger checks = new AtomicInteger();
      ProcessEnvironment process =
          ProcessEnvironment.builder()
              .tty(
                  () -> {
                    checks.incrementAndGet();
                    return true;
                  })
              .build();

      assertThat(process.launchSource()).isEqualTo(LaunchSource.CLI);
      assertThat(process.launchSourceIgnoringInstaller()).isEqualTo(LaunchSource.CLI);
      assertThat(checks).hasValue(1);
    }

    @Test
    void concurrentFirstCallsDetectOnce() throws InterruptedException {
      AtomicInteger checks = new AtomicInteger();
      List<Thread> callers = new ArrayList<>();
      PPIDChecker ppid =
          () -> {
            if (checks.getAndIncrement() == 0) {
              awaitOthersStalled(callers);
            }
            return true;
          };
      ProcessEnvironment process =
          ProcessEnvironment.builder()
              .env(Map.of("MCPPROXY_LAUNCHED_BY", "installer"))
              .ppid(ppid)
              .build();

      Set<LaunchSource> results = callConcurrently(callers, process::launchSourceIgnoringInstaller);

      assertThat(checks).hasValue(1);
      assertThat(results).containsExactly(LaunchSource.LOGIN_ITEM);
    }
  }

  @Nested
  class SystemFactory {
    @Test
    void describesThisProcess() {
      ProcessEnvironment process = ProcessEnvironment.system();

      assertThat(process.env()).isEqualTo(System.getenv());
      assertThat(process.goOs()).isEqualTo(Platform.goOs(System.getProperty("os.name")));
      assertThat(process.goArch()).isEqualTo(Platform.goArch(System.getProperty("os.arch")));
      assertThat(process.runtimeVersion()).isEqualTo(Platform.runtimeVersion());
      assertThat(process.homeDirectory()).contains(Path.of(System.getProperty("user.home")));
      assertThat(process.envDetection()).isSameAs(process.envDetection());
      assertThat(process.launchSource()).isSameAs(process.launchSource());
      assertThat(process.launchSourceIgnoringInstaller())
          .isSameAs(process.launchSourceIgnoringInstaller())
          .isNotEqualTo(LaunchSource.INSTALLER);
    }
  }

  @Test
  void toStringLeavesOutVariablesAndIdentity() {
    ProcessEnvironment process =
        ProcessEnvironment.builder()
            .env(Map.of("GITHUB_TOKEN", "ghp_secret"))
            .hostname("alices-laptop")
            .homeDirectory(Path.of("/home/alice"))
            .runtimeVersion("java17.0.15")
            .build();

    assertThat(process.toString())
        .isEqualTo("ProcessEnvironment[linux/amd64, java17.0.15]")
        .doesNotContain("ghp_secret", "alices-laptop", "alice");
  }

  /**
   * Starts {@link #THREADS} threads that call {@code call} at the same moment, and collects what
   * they got, by identity. {@code callers} is filled before any thread starts, so a probe can watch
   * them.
   */
  private static <T> Set<T> callConcurrently(List<Thread> callers, Supplier<T> call)
      throws InterruptedException {
    Set<T> results =
        Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < THREADS; i++) {
      callers.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  results.add(call.get());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "caller-" + i));
    }
    callers.forEach(Thread::start);
    start.countDown();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(caller.isAlive()).as(caller.getName() + " finished").isFalse();
    }
    assertThat(results).as("every caller got a result").isNotEmpty();
    return results;
  }

  /**
   * Holds the first caller inside the probe until every other caller has either blocked (waiting
   * for the first to finish, as it should) or already run to the end (having computed on its own,
   * which the probe count then shows). Bounded, so a broken build fails instead of hanging.
   */
  private static void awaitOthersStalled(List<Thread> callers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      boolean othersStalled =
          callers.stream()
              .filter(caller -> caller != Thread.currentThread())
              .allMatch(
                  caller ->
                      caller.getState() == Thread.State.BLOCKED
                          || caller.getState() == Thread.State.TERMINATED);
      if (othersStalled) {
        return;
      }
      Thread.onSpinWait();
    }
  }
}
