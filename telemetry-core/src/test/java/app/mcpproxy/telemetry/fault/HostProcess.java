package app.mcpproxy.telemetry.fault;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.TelemetryService;
import java.io.IOException;
import java.net.URI;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A host JVM for the fault suite: records surface requests, {@code retrieve_tools} calls and a
 * client name as fast as a busy host would, and publishes what it recorded in a memory-mapped file
 * the parent reads after killing it (the page cache outlives the process).
 *
 * <p>Arguments: data directory, config file, endpoint, progress file, heartbeat interval in
 * milliseconds (0: never send), client name. Closing stdin stops recording; the host then closes
 * the service and prints {@code closed}.
 *
 * <p>Progress file: long 0 the MCP requests recorded, long 1 the {@code retrieve_tools} calls, long
 * 2 the number of history slots; slot {@code i} at byte {@code 24 + 16 i} holds {@code
 * System.nanoTime()} and the MCP count then, every 10 ms. A count is published before the increment
 * it counts, so the count at a kill is never below what was recorded.
 */
public final class HostProcess {
  static final int SLOTS = 6_000;
  static final int SIZE = 24 + 16 * SLOTS;

  private HostProcess() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    Path config = Path.of(args[1]);
    URI endpoint = URI.create(args[2]);
    Path progressFile = Path.of(args[3]);
    long intervalMillis = Long.parseLong(args[4]);
    String clientName = args[5];
    MappedByteBuffer progress;
    try (FileChannel channel =
        FileChannel.open(
            progressFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      progress = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
    }
    TelemetryService telemetry =
        TelemetryService.builder()
            .config(config)
            .version("v1.0.0")
            .dataDir(dataDir)
            .processEnvironment(
                ProcessEnvironment.builder().env(Map.of()).goOs("linux").goArch("amd64").build())
            .endpoint(endpoint)
            .initialDelay(
                intervalMillis == 0 ? Duration.ofDays(1) : Duration.ofMillis(intervalMillis))
            .interval(intervalMillis == 0 ? Duration.ofDays(1) : Duration.ofMillis(intervalMillis))
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    telemetry.start();
    ActivationStore activation = telemetry.activationStore();
    activation.recordMcpClient(clientName);
    activation.markFirstMcpClient();

    AtomicBoolean stop = new AtomicBoolean();
    Thread stdinWatcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // Ignore input.
                }
              } catch (IOException e) {
                // Treated as closed.
              }
              stop.set(true);
            });
    stdinWatcher.setDaemon(true);
    stdinWatcher.start();
    System.out.println("recording");
    System.out.flush();

    long mcp = 0;
    long retrieve = 0;
    int slot = 0;
    long nextSlot = System.nanoTime();
    while (!stop.get()) {
      for (int i = 0; i < 50; i++) {
        progress.putLong(0, mcp + 1);
        telemetry.registry().recordSurface(Surface.MCP);
        mcp++;
        if (i % 10 == 0) {
          progress.putLong(8, retrieve + 1);
          activation.incrementRetrieveToolsCall();
          retrieve++;
        }
      }
      long now = System.nanoTime();
      if (now >= nextSlot && slot < SLOTS) {
        progress.putLong(24 + 16 * slot, now);
        progress.putLong(24 + 16 * slot + 8, mcp);
        slot++;
        progress.putLong(16, slot);
        nextSlot = now + 10_000_000L;
      }
      Thread.sleep(1);
    }
    telemetry.close();
    System.out.println("closed");
    System.out.flush();
  }
}
