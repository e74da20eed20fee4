package app.mcpproxy.telemetry.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.StorageStatus;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.testing.RecordingServer;
import app.mcpproxy.telemetry.testing.ServiceFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts whose {@code telemetry.db} is corrupt, truncated, a directory, read-only, on a full disk or
 * deleted while running: no method throws into the host, every count recorded is delivered or still
 * held, flags and client names reach the disk once it works, and the file is never overwritten.
 *
 * <p>Read-only is made with {@code chattr +i} when run as root (root ignores file modes) and with
 * file modes otherwise; the full disk is a small tmpfs, which needs root, and is skipped without.
 */
@Tag("fault")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseFaultTest {
  private static final int INCREMENTS = 700;
  private static final int RETRIEVE_CALLS = 40;

  @TempDir Path dir;

  private final RecordingServer server = RecordingServer.start();
  private final List<TelemetryService> services = new ArrayList<>();
  private final List<Path> immutable = new ArrayList<>();
  private Path mounted;

  private Path dataDir() {
    return dir.resolve("data");
  }

  private Path dbFile() {
    return dataDir().resolve(TelemetryDatabase.FILE_NAME);
  }

  @AfterEach
  void cleanUp() throws Exception {
    services.forEach(TelemetryService::close);
    for (Path path : immutable) {
      makeWritable(path);
    }
    if (mounted != null) {
      run("umount", mounted.toString());
    }
    server.close();
  }

  @Test
  void randomBytesAreMovedAsideUntouchedAndAFreshFileTakesOver() throws Exception {
    byte[] garbage = new byte[8192];
    new Random(8).nextBytes(garbage);
    Files.createDirectories(dataDir());
    Files.write(dbFile(), garbage);

    TelemetryService host = service();
    long delivered = exercise(host);

    assertThat(delivered).isEqualTo(INCREMENTS);
    assertThat(movedAside())
        .singleElement()
        .satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(garbage));
    assertThat(host.storageStatus().state()).isEqualTo(StorageStatus.State.DURABLE);
    host.close();
    assertActivationOnDisk();
  }

  @Test
  void aTruncatedFileIsNeverOverwrittenAndCostsNoCount() throws Exception {
    TelemetryService first = service();
    first.activationStore().markFirstConnectedServer();
    first.registry().recordSurface(Surface.TRAY);
    first.close();
    try (RandomAccessFile file = new RandomAccessFile(dbFile().toFile(), "rw")) {
      file.setLength(3000);
    }
    Files.deleteIfExists(dataDir().resolve(TelemetryDatabase.FILE_NAME + "-wal"));
    byte[] truncated = Files.readAllBytes(dbFile());

    TelemetryService host = service();
    long delivered = exercise(host);

    assertThat(delivered).isEqualTo(INCREMENTS);
    List<Path> aside = movedAside();
    Path kept = aside.isEmpty() ? dbFile() : aside.get(0);
    assertThat(Files.readAllBytes(kept)).isEqualTo(truncated);
  }

  @Test
  void aDirectoryInPlaceKeepsEverythingInMemoryUntilItIsGone() throws Exception {
    Files.createDirectories(dbFile());

    TelemetryService host = service();
    assertThat(host.storageStatus().state()).isEqualTo(StorageStatus.State.MEMORY_ONLY);
    long delivered = exercise(host);

    assertThat(delivered).isEqualTo(INCREMENTS);
    StorageStatus status = host.storageStatus();
    assertThat(status.state()).isEqualTo(StorageStatus.State.MEMORY_ONLY);
    assertThat(status.describe()).contains(TelemetryDatabase.FILE_NAME).contains("memory");
    assertThat(Files.isDirectory(dbFile())).isTrue();

    Files.delete(dbFile());
    awaitDurable(host);
    host.close();
    assertActivationOnDisk();
  }

  @Test
  void aReadOnlyFileIsLeftAsItIsAndWritesResumeWhenItIsWritableAgain() throws Exception {
    TelemetryService first = service();
    first.registry().recordSurface(Surface.MCP);
    assertThat(first.sendNow().accepted()).isTrue();
    first.close();
    byte[] before = Files.readAllBytes(dbFile());
    makeReadOnly(dbFile());

    TelemetryService host = service();
    long delivered = exercise(host);

    assertThat(delivered).isEqualTo(INCREMENTS + 1);
    assertThat(host.storageStatus().state()).isEqualTo(StorageStatus.State.MEMORY_ONLY);
    assertThat(Files.readAllBytes(dbFile())).isEqualTo(before);

    makeWritable(dbFile());
    host.registry().recordSurface(Surface.MCP);
    awaitDurable(host);
    host.close();
    assertActivationOnDisk();
    assertThat(service().sendNow().accepted()).isTrue();
    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(INCREMENTS + 1 + 1);
  }

  @Test
  void aReadOnlyDataDirectoryCostsNoCountAndNoException() throws Exception {
    Files.createDirectories(dataDir());
    makeReadOnly(dataDir());

    TelemetryService host = service();
    long delivered = exercise(host);

    assertThat(delivered).isEqualTo(INCREMENTS);
    assertThat(host.storageStatus().state()).isEqualTo(StorageStatus.State.MEMORY_ONLY);
    assertThat(Files.exists(dbFile())).isFalse();

    makeWritable(dataDir());
    awaitDurable(host);
    host.close();
    assertActivationOnDisk();
  }

  @Test
  void aFileDeletedWhileRunningIsRecreatedWithItsUnsentCounters() throws Exception {
    TelemetryService host = service();
    host.start();
    host.activationStore().markFirstConnectedServer();
    for (int i = 0; i < INCREMENTS; i++) {
      host.registry().recordSurface(Surface.MCP);
    }
    awaitOutboxHolds(INCREMENTS);
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(dataDir().resolve(TelemetryDatabase.FILE_NAME + suffix));
    }
    for (int i = 0; i < INCREMENTS; i++) {
      host.registry().recordSurface(Surface.MCP);
    }
    awaitOutboxHolds(2 * INCREMENTS);

    assertThatCode(host::close).doesNotThrowAnyException();
    try (TelemetryDatabase db = TelemetryDatabase.open(dataDir(), Clock.systemUTC())) {
      assertThat(db.activationStore().load().firstConnectedServerEver()).isTrue();
    }
    assertThat(service().sendNow().accepted()).isTrue();
    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(2 * INCREMENTS);
  }

  @Test
  void aDiskThatFillsUpWhileRunningCostsNoCountNoFlagAndNoException() throws Exception {
    Files.createDirectories(dataDir());
    mountSmallTmpfs(dataDir());
    TelemetryService host = service();
    host.start();
    host.registry().recordSurface(Surface.MCP);
    awaitOutboxHolds(1);
    Path filler = dataDir().resolve("filler");
    fill(filler);

    long delivered = exercise(host);
    for (int i = 0; i < 200; i++) {
      host.registry().recordSurface(Surface.MCP);
    }
    Thread.sleep(1_200);
    System.out.printf("disk full while running: %s%n", host.storageStatus().describe());

    // What reached the outbox before the disk filled waits there; memory goes out meanwhile.
    assertThat(delivered).isEqualTo(INCREMENTS);
    Files.delete(filler);
    awaitDurable(host);
    assertThatCode(host::close).doesNotThrowAnyException();
    assertActivationOnDisk();
    assertThat(service().sendNow().accepted()).isTrue();
    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(INCREMENTS + 1 + 200);
  }

  @Test
  void aFullDiskAtStartCostsNoCountNoFlagAndNoException() throws Exception {
    Files.createDirectories(dataDir());
    mountSmallTmpfs(dataDir());
    TelemetryService first = service();
    first.registry().recordSurface(Surface.MCP);
    assertThat(first.sendNow().accepted()).isTrue();
    first.close();
    Path filler = dataDir().resolve("filler");
    fill(filler);

    TelemetryService host = service();
    long delivered = exercise(host);
    for (int i = 0; i < 200; i++) {
      host.registry().recordSurface(Surface.MCP);
    }
    System.out.printf("disk full at start: %s%n", host.storageStatus().describe());

    assertThat(delivered).isEqualTo(INCREMENTS + 1);
    Files.delete(filler);
    awaitDurable(host);
    assertThatCode(host::close).doesNotThrowAnyException();
    assertActivationOnDisk();
    assertThat(service().sendNow().accepted()).isTrue();
    assertThat(Delivered.mcp(server.requests(), Set.of())).isEqualTo(INCREMENTS + 1 + 200);
  }

  /**
   * Calls what a host calls, asserting none throws; records {@value #INCREMENTS} MCP requests,
   * flags, a client name and {@value #RETRIEVE_CALLS} {@code retrieve_tools} calls, sends once and
   * returns what the collector holds.
   */
  private long exercise(TelemetryService host) {
    assertThatCode(
            () -> {
              ActivationStore activation = host.activationStore();
              activation.markFirstConnectedServer();
              activation.markFirstMcpClient();
              activation.recordMcpClient("Cursor");
              for (int i = 0; i < RETRIEVE_CALLS; i++) {
                activation.incrementRetrieveToolsCall();
              }
              for (int i = 0; i < INCREMENTS; i++) {
                host.registry().recordSurface(Surface.MCP);
              }
              host.buildPayload();
              host.renderPayload();
              host.sentHeartbeats(5);
              host.storageStatus().describe();
              SendResult result = host.sendNow();
              assertThat(result.accepted()).as(result.detail()).isTrue();
              host.submitFeedback(
                  new FeedbackRequest("bug", "The tray icon disappears after sleep.", null, null));
              host.sentHeartbeats(5);
            })
        .doesNotThrowAnyException();
    return Delivered.mcp(server.requests(), Set.of());
  }

  private void assertActivationOnDisk() {
    try (TelemetryDatabase db = TelemetryDatabase.open(dataDir(), Clock.systemUTC())) {
      ActivationState state = db.activationStore().load();
      assertThat(state.firstConnectedServerEver()).isTrue();
      assertThat(state.firstMcpClientEver()).isTrue();
      assertThat(state.mcpClientsSeenEver()).contains("cursor");
      assertThat(state.retrieveToolsCalls24h()).isEqualTo(RETRIEVE_CALLS);
    }
  }

  private void awaitDurable(TelemetryService host) throws InterruptedException {
    host.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.storageStatus().state() != StorageStatus.State.DURABLE
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    // One more tick, so activation changes retried after the file came back are written.
    Thread.sleep(1_200);
    assertThat(host.storageStatus().state()).isEqualTo(StorageStatus.State.DURABLE);
  }

  private void awaitOutboxHolds(long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long held = -1;
    while (System.nanoTime() < deadline) {
      held = outboxMcp();
      if (held == count) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(held).as("MCP requests in the outbox").isEqualTo(count);
  }

  private long outboxMcp() {
    if (!Files.isRegularFile(dbFile())) {
      return -1;
    }
    try (TelemetryDatabase db = TelemetryDatabase.open(dataDir(), Clock.systemUTC())) {
      return db.counterOutbox().batches().stream()
          .mapToLong(
              b ->
                  app.mcpproxy.telemetry.counters.RegistrySnapshot.fromJson(b.json())
                      .surfaceRequests()
                      .getOrDefault("mcp", 0L))
          .sum();
    }
  }

  private List<Path> movedAside() throws IOException {
    try (Stream<Path> files = Files.list(dataDir())) {
      return files
          .filter(
              p -> p.getFileName().toString().startsWith(TelemetryDatabase.FILE_NAME + ".corrupt-"))
          .filter(p -> !p.getFileName().toString().endsWith("-wal"))
          .filter(p -> !p.getFileName().toString().endsWith("-shm"))
          .toList();
    }
  }

  private TelemetryService service() throws Exception {
    TelemetryService service =
        ServiceFixture.builder(dir, server.endpoint())
            .dataDir(dataDir())
            .initialDelay(Duration.ofDays(1))
            .build();
    services.add(service);
    return service;
  }

  private void makeReadOnly(Path path) throws Exception {
    immutable.add(path);
    if (isRoot()) {
      Assumptions.assumeTrue(
          run("chattr", "+i", path.toString()),
          "chattr +i is needed to make a file read-only as root");
    } else {
      assertThat(path.toFile().setWritable(false, false)).isTrue();
    }
  }

  private static void makeWritable(Path path) throws Exception {
    if (isRoot()) {
      run("chattr", "-i", path.toString());
    } else {
      path.toFile().setWritable(true, true);
    }
  }

  private void mountSmallTmpfs(Path at) throws Exception {
    Assumptions.assumeTrue(isRoot(), "a full disk is a tmpfs, which only root can mount");
    Assumptions.assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", at.toString()),
        "mounting a tmpfs failed; the full-disk scenario needs it");
    mounted = at;
  }

  private static void fill(Path filler) {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // The disk is full.
    }
  }

  private static boolean isRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor();
    return uid.equals("0");
  }

  private static boolean run(String... command) throws Exception {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
