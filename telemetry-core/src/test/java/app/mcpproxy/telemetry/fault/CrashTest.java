package app.mcpproxy.telemetry.fault;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.activation.StoredActivation;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.RecordingServer.Reply;
import app.mcpproxy.telemetry.testing.ServiceFixture;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real host JVMs killed with SIGKILL while recording and while sending, and two hosts on one data
 * directory: what they published as recorded equals what a key-honouring collector holds plus at
 * most the last second before each kill, and never more.
 */
@Tag("fault")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  private final RecordingServer server = RecordingServer.start();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    server.close();
  }

  @Test
  void killDuringRecordingLosesAtMostTheLastSecondAndNothingAlreadyOnDisk() throws Exception {
    long published = 0;
    long onDiskBeforeKills = 0;
    long[] runMillis = {1_300, 700, 2_100};
    for (int run = 0; run < runMillis.length; run++) {
      Path progressFile = dir.resolve("progress-" + run);
      Process host = startHost(progressFile, 0, "client-" + run);
      Thread.sleep(runMillis[run]);
      long killedAt = System.nanoTime();
      kill(host);
      Progress progress = Progress.read(progressFile);
      published += progress.mcp();
      onDiskBeforeKills += progress.countAt(killedAt - SECOND);
      System.out.printf(
          "kill -9 while recording, run %d: %d recorded, %d in its last second%n",
          run, progress.mcp(), progress.mcp() - progress.countAt(killedAt - SECOND));
    }

    long delivered = sendEverything();

    System.out.printf(
        "kill -9 while recording: %d recorded, %d delivered, %d lost%n",
        published, delivered, published - delivered);
    assertThat(delivered).isBetween(onDiskBeforeKills, published);
  }

  @Test
  void killWhileSendingDoubleCountsNothingAndLosesAtMostTheLastSecond() throws Exception {
    server.enqueue(Reply.status(200), Reply.status(200), Reply.status(200), Reply.hanging());
    Path firstProgress = dir.resolve("progress-first");
    Process first = startHost(firstProgress, 200, "first");
    assertThat(server.awaitRequests(4, Duration.ofSeconds(30))).isTrue();
    long firstKilledAt = System.nanoTime();
    kill(first);
    Set<Integer> unanswered = Set.of(3);

    // The second host's sends are answered at once, so its kill races with answers arriving.
    Path secondProgress = dir.resolve("progress-second");
    Process second = startHost(secondProgress, 150, "second");
    assertThat(server.awaitRequests(8, Duration.ofSeconds(30))).isTrue();
    long secondKilledAt = System.nanoTime();
    kill(second);

    Progress one = Progress.read(firstProgress);
    Progress two = Progress.read(secondProgress);
    long published = one.mcp() + two.mcp();
    long floor = one.countAt(firstKilledAt - SECOND) + two.countAt(secondKilledAt - SECOND);
    String hangingKey = server.requests().get(3).header("Idempotency-Key");

    long delivered = sendEverything(unanswered);

    System.out.printf(
        "kill -9 while sending: %d recorded, %d delivered, %d lost, last second held %d%n",
        published, delivered, published - delivered, published - floor);
    assertThat(delivered).isBetween(floor, published);
    assertThat(server.requests().subList(4, server.requests().size()))
        .as("the heartbeat in flight at the kill is retried under its key")
        .anyMatch(r -> hangingKey.equals(r.header("Idempotency-Key")));
  }

  @Test
  void twoHostsOnOneDataDirectoryLoseAndDoubleCountNothing() throws Exception {
    Path progressA = dir.resolve("progress-a");
    Path progressB = dir.resolve("progress-b");
    Process a = startHost(progressA, 150, "Cursor");
    Process b = startHost(progressB, 200, "Claude-Code");
    Thread.sleep(2_500);
    closeGracefully(a);
    closeGracefully(b);
    Progress one = Progress.read(progressA);
    Progress two = Progress.read(progressB);

    long delivered = sendEverything();

    System.out.printf(
        "two hosts on one data dir: %d + %d recorded, %d delivered over %d heartbeats%n",
        one.mcp(), two.mcp(), delivered, server.requests().size());
    assertThat(delivered).isEqualTo(one.mcp() + two.mcp());
    try (TelemetryDatabase db = TelemetryDatabase.open(dir.resolve("data"), Clock.systemUTC())) {
      ActivationState state = db.activationStore().load();
      assertThat(state.retrieveToolsCalls24h())
          .isEqualTo(one.retrieveTools() + two.retrieveTools());
      assertThat(state.mcpClientsSeenEver())
          .containsExactlyInAnyOrderElementsOf(
              StoredActivation.sanitizedClients(List.of("Cursor", "Claude-Code")));
      assertThat(state.firstMcpClientEver()).isTrue();
    }
  }

  /**
   * Sends what the data directory holds until nothing is left; returns what the collector holds.
   */
  private long sendEverything(Set<Integer> unanswered) throws Exception {
    server.replyByDefault(Reply.status(200).withBody("{\"ok\":true}"));
    try (TelemetryService telemetry = service()) {
      for (int i = 0; i < 4; i++) {
        assertThat(telemetry.sendNow().accepted()).isTrue();
      }
      assertThat(telemetry.buildPayload().surfaceRequests().getOrDefault("mcp", 0L)).isZero();
    }
    return Delivered.mcp(server.requests(), unanswered);
  }

  private long sendEverything() throws Exception {
    return sendEverything(new HashSet<>());
  }

  private TelemetryService service() throws Exception {
    return ServiceFixture.builder(dir, server.endpoint()).build();
  }

  private Process startHost(Path progressFile, long intervalMillis, String client)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath =
        String.join(
            File.pathSeparator,
            System.getProperty("jdk.module.path", ""),
            System.getProperty("java.class.path", ""));
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                classpath,
                HostProcess.class.getName(),
                dir.resolve("data").toString(),
                dir.resolve("mcp_config.json").toString(),
                server.endpoint().toString(),
                progressFile.toString(),
                Long.toString(intervalMillis),
                client)
            .redirectErrorStream(true)
            .start();
    children.add(child);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder output = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null && !line.equals("recording")) {
      output.append(line).append('\n');
    }
    assertThat(line).as("host output:%n%s", output).isEqualTo("recording");
    return child;
  }

  private static void kill(Process host) throws InterruptedException {
    host.destroyForcibly();
    assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(host.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  private static void closeGracefully(Process host) throws Exception {
    host.getOutputStream().close();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder output = new StringBuilder();
    String line;
    while ((line = lines.readLine()) != null && !line.equals("closed")) {
      output.append(line).append('\n');
    }
    assertThat(line).as("host output:%n%s", output).isEqualTo("closed");
    assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(host.exitValue()).isZero();
  }
}
