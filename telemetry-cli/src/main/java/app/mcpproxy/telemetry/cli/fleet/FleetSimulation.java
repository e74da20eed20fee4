package app.mcpproxy.telemetry.cli.fleet;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.collector.Collector;
import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.service.SendResult;
import app.mcpproxy.telemetry.service.TelemetryService;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Simulates a fleet of installs over past days with the real client library: each install is a
 * {@link TelemetryService} of its own, with its own config file and {@code telemetry.db}, a clock
 * set to the simulated moment, the process description of its machine, and the host's activity
 * recorded through the library's own calls. Each heartbeat is what {@link
 * TelemetryService#sendNow()} puts on the wire (after the library's anonymity scanner), taken from
 * a network that answers as a collector would; the caller hands them to a collector dated on their
 * day.
 */
public final class FleetSimulation {
  /** REST routes the simulated host declares; its web UI calls them. */
  static final List<String> ROUTES =
      List.of("/api/v1/servers", "/api/v1/servers/{name}", "/api/v1/tools", "/api/v1/status");

  /** Diagnostic checks the simulated host declares. */
  static final List<String> CHECKS = List.of("docker_daemon", "config_valid", "upstream_reachable");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Shape shape;
  private final Instant now;
  private final URI endpoint;
  private final Path directory;

  /**
   * How large a fleet to simulate.
   *
   * @param installs how many installs ever run
   * @param days how many days, ending today
   * @param seed the seed of every random choice
   * @param threads how many installs are simulated at once
   */
  public record Shape(int installs, int days, long seed, int threads) {
    public Shape {
      if (installs < 1 || days < 1 || threads < 1) {
        throw new IllegalArgumentException("installs, days and threads must be at least 1");
      }
    }

    /** The demo's fleet: 420 installs over 75 days. */
    public static Shape demo() {
      return new Shape(
          420, 75, 20_260_101L, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
  }

  /** A heartbeat of the simulation, exactly as the library sent it. */
  public static final class Heartbeat {
    private final LocalDate day;
    private final Instant at;
    private final byte[] body;
    private final @Nullable String idempotencyKey;

    Heartbeat(LocalDate day, Instant at, byte[] body, @Nullable String idempotencyKey) {
      this.day = day;
      this.at = at;
      this.body = body.clone();
      this.idempotencyKey = idempotencyKey;
    }

    /** The UTC day it was sent on. */
    public LocalDate day() {
      return day;
    }

    /** The simulated moment it was sent. */
    public Instant at() {
      return at;
    }

    /** Its bytes, a fresh copy. */
    public byte[] body() {
      return body.clone();
    }

    /** The key it was sent with, if any. */
    public @Nullable String idempotencyKey() {
      return idempotencyKey;
    }
  }

  /**
   * What the simulation produced.
   *
   * @param installs how many installs sent at least one heartbeat
   * @param firstDay the first simulated day
   * @param lastDay the last, today
   * @param heartbeats every heartbeat, oldest first
   * @param refused heartbeats the library's anonymity scanner refused or cut entries from
   */
  public record Result(
      int installs,
      LocalDate firstDay,
      LocalDate lastDay,
      List<Heartbeat> heartbeats,
      long refused) {
    /** How many days the simulation covers. */
    public int days() {
      return (int) (lastDay.toEpochDay() - firstDay.toEpochDay() + 1);
    }
  }

  /**
   * Prepares a simulation.
   *
   * @param shape how large a fleet
   * @param now the real present: the last simulated day is its day, no heartbeat is later
   * @param endpoint the endpoint the installs are configured with (no request reaches it)
   * @param directory where the installs' homes are made; the caller deletes it
   */
  public FleetSimulation(Shape shape, Instant now, URI endpoint, Path directory) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.now = Objects.requireNonNull(now, "now");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * Where the simulated installs best keep their config files and {@code telemetry.db}: a new
   * directory in memory ({@code /dev/shm}) where the system has one, since hundreds of SQLite files
   * that live for seconds gain nothing from waiting on the disk; else {@code fallback}. The caller
   * deletes it.
   *
   * @param fallback the directory to use when there is no memory file system
   * @return the directory
   */
  public static Path workDirectory(Path fallback) {
    Path memory = Path.of("/dev/shm");
    if (Files.isDirectory(memory) && Files.isWritable(memory)) {
      try {
        return Files.createTempDirectory(memory, "mcpproxy-telemetry-demo-fleet");
      } catch (IOException e) {
        // Not usable after all: the disk will do.
      }
    }
    return fallback;
  }

  /**
   * What {@link #fill(Collector)} did.
   *
   * @param fleet the simulation's heartbeats
   * @param stored how many the collector stored
   * @param closedDays the past days closed into rollups
   * @param simulating how long the simulation took
   * @param storing how long storing and closing days took
   */
  public record Filled(
      Result fleet, int stored, List<String> closedDays, Duration simulating, Duration storing) {}

  /**
   * Runs the simulation and hands its heartbeats to a collector, each dated on its day, through the
   * collector's in-process intake (the same validation as over HTTP); then closes the past days
   * into rollups.
   *
   * @param collector a started collector
   * @return what was stored
   * @throws IllegalStateException when the library's scanner refused a simulated heartbeat
   * @throws SQLException when the collector cannot store them
   * @throws InterruptedException when interrupted
   */
  public Filled fill(Collector collector) throws SQLException, InterruptedException {
    long started = System.nanoTime();
    Result fleet = run();
    if (fleet.refused() > 0) {
      throw new IllegalStateException(
          "the client's anonymity scanner refused " + fleet.refused() + " simulated heartbeats");
    }
    List<Collector.DatedHeartbeat> dated =
        fleet.heartbeats().stream()
            .map(h -> new Collector.DatedHeartbeat(h.day(), h.body(), h.idempotencyKey()))
            .toList();
    long simulated = System.nanoTime();
    int stored = collector.backfill(dated);
    List<String> closed = collector.closeFinishedDays();
    long done = System.nanoTime();
    return new Filled(
        fleet,
        stored,
        closed,
        Duration.ofNanos(simulated - started),
        Duration.ofNanos(done - simulated));
  }

  /**
   * Runs every install through its days.
   *
   * @return the heartbeats
   * @throws InterruptedException when interrupted
   */
  public Result run() throws InterruptedException {
    LocalDate lastDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate firstDay = lastDay.minusDays(shape.days() - 1L);
    List<Release> releases = Release.schedule(shape.days());
    SplittableRandom fleet = new SplittableRandom(shape.seed());
    List<SimulatedInstall> installs = new ArrayList<>();
    for (int i = 0; i < shape.installs(); i++) {
      installs.add(SimulatedInstall.draw(i, shape.days(), fleet.split(), MAPPER));
    }
    ExecutorService pool = Executors.newFixedThreadPool(shape.threads());
    try {
      List<Future<InstallRun>> runs = new ArrayList<>();
      for (SimulatedInstall install : installs) {
        long daySeed = fleet.nextLong();
        runs.add(pool.submit(() -> run(install, firstDay, releases, daySeed)));
      }
      List<Heartbeat> heartbeats = new ArrayList<>();
      int sending = 0;
      long refused = 0;
      for (Future<InstallRun> run : runs) {
        InstallRun done = get(run);
        heartbeats.addAll(done.heartbeats());
        sending += done.heartbeats().isEmpty() ? 0 : 1;
        refused += done.refused();
      }
      heartbeats.sort(Comparator.comparing(Heartbeat::at));
      return new Result(sending, firstDay, lastDay, List.copyOf(heartbeats), refused);
    } finally {
      pool.shutdownNow();
    }
  }

  private static InstallRun get(Future<InstallRun> run) throws InterruptedException {
    try {
      return run.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("a simulated install failed", cause);
    }
  }

  /** What one install sent. */
  private record InstallRun(List<Heartbeat> heartbeats, long refused) {}

  private InstallRun run(
      SimulatedInstall install, LocalDate firstDay, List<Release> releases, long daySeed)
      throws IOException {
    Path home = directory.resolve("install-" + install.index());
    Path dataDir = home.resolve(".mcpproxy");
    Files.createDirectories(dataDir);
    Path configFile = dataDir.resolve("mcp_config.json");
    MAPPER.writeValue(configFile.toFile(), install.config());
    String installed = Release.newestOn(releases, install.joinDay(), 0).version();
    SimulatedClock clock = new SimulatedClock(firstDay.atStartOfDay().toInstant(ZoneOffset.UTC));
    CapturingHttpClient network = new CapturingHttpClient();
    SplittableRandom days = new SplittableRandom(daySeed);
    List<Heartbeat> sent = new ArrayList<>();
    long refused = 0;
    TelemetryService service = null;
    String running = null;
    try {
      for (int d = install.joinDay(); d <= install.lastDay() && d < shape.days(); d++) {
        SplittableRandom today = days.split();
        LocalDate day = firstDay.plusDays(d);
        if (!runsOn(install, d, day, today)) {
          continue;
        }
        Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
        Duration span =
            day.equals(LocalDate.ofInstant(now, ZoneOffset.UTC))
                ? Duration.between(dayStart, now)
                : Duration.ofDays(1);
        Instant moment = dayStart.plus(fraction(span, 0.2 + 0.5 * today.nextDouble()));
        clock.set(moment);
        String version =
            install.upgradeLag() < 0
                ? installed
                : Release.newestOn(releases, d, install.upgradeLag()).version();
        if (service == null
            || !version.equals(running)
            || today.nextDouble() < install.restartShare()) {
          if (service != null) {
            service.close();
          }
          service =
              build(install, home, dataDir, configFile, clock, network, version, running == null);
          running = version;
        }
        int sends = today.nextDouble() < 0.06 ? 2 : 1;
        for (int s = 0; s < sends; s++) {
          if (s > 0) {
            moment = moment.plus(fraction(Duration.between(moment, dayStart.plus(span)), 0.5));
            clock.set(moment);
          }
          record(service, install, d, today);
          SendResult result = service.sendNow();
          if (result.status() == SendResult.Status.BLOCKED) {
            refused++;
          } else if (!result.accepted()) {
            throw new IllegalStateException(
                "simulated install " + install.index() + " did not send: " + result.detail());
          }
          for (CapturingHttpClient.Posted posted : network.takePosted()) {
            sent.add(
                new Heartbeat(day, moment, posted.body(), posted.idempotencyKey().orElse(null)));
          }
        }
      }
      if (service != null) {
        refused += keptBack(service.localCounts());
      }
    } finally {
      if (service != null) {
        service.close();
      }
    }
    return new InstallRun(sent, refused);
  }

  /** Entries the scanner cut and heartbeats it refused, as the library counts them locally. */
  private static long keptBack(Map<String, Long> localCounts) {
    return localCounts.entrySet().stream()
        .filter(e -> e.getKey().startsWith("scanner_removed") || e.getKey().startsWith("heartbeat"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static boolean runsOn(
      SimulatedInstall install, int d, LocalDate day, SplittableRandom today) {
    if (d == install.joinDay() || d == install.lastDay()) {
      return true;
    }
    boolean weekend =
        day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    double share =
        install.kind() == SimulatedInstall.Kind.DESKTOP && weekend
            ? install.activeShare() * 0.4
            : install.activeShare();
    return today.nextDouble() < share;
  }

  private static Duration fraction(Duration span, double share) {
    return Duration.ofMillis((long) (span.toMillis() * share));
  }

  private TelemetryService build(
      SimulatedInstall install,
      Path home,
      Path dataDir,
      Path configFile,
      SimulatedClock clock,
      CapturingHttpClient network,
      String version,
      boolean first) {
    SplittableRandom run = new SplittableRandom(clock.millis() ^ install.index());
    int ides = install.kind() == SimulatedInstall.Kind.DESKTOP ? run.nextInt(4) : 0;
    try {
      return TelemetryService.builder()
          .config(configFile)
          .version(version)
          .edition(install.edition())
          .dataDir(dataDir)
          .processEnvironment(install.process(home, first))
          .clock(clock)
          .endpoint(endpoint)
          .httpClient(network)
          .runtimeStats(install.stats(run))
          .configuredIdeCount(() -> ides)
          .random(run.split())
          .restRoutes(ROUTES)
          .doctorChecks(CHECKS)
          .build();
    } catch (ConfigException e) {
      throw new IllegalStateException("simulated config unreadable: " + e.getMessage(), e);
    }
  }

  /** What the host does on a day, recorded through the library as a host records it. */
  private static void record(
      TelemetryService service, SimulatedInstall install, int d, SplittableRandom today) {
    CounterRegistry registry = service.registry();
    double usage = install.usage() * (0.5 + today.nextDouble());
    boolean connected = d >= install.connectDay();
    boolean client = d >= install.clientDay();
    boolean retrieving = d >= install.retrieveDay();
    repeat(
        client ? (int) (usage * (10 + today.nextInt(150))) : today.nextInt(3),
        () -> {
          registry.recordSurface(Surface.MCP);
        });
    int cli = install.launch() == SimulatedInstall.Launch.CLI ? 1 + today.nextInt(8) : 0;
    repeat(cli + today.nextInt(2), () -> registry.recordSurface(Surface.CLI));
    if (install.launch() == SimulatedInstall.Launch.TRAY) {
      repeat(1 + today.nextInt(3), () -> registry.recordSurface(Surface.TRAY));
    }
    if (install.config().path("features").path("enable_web_ui").asBoolean(true)
        && today.nextDouble() < 0.4) {
      int views = 1 + today.nextInt(6);
      repeat(views, () -> registry.recordSurface(Surface.WEBUI));
      for (int i = 0; i < views; i++) {
        String route = ROUTES.get(today.nextInt(ROUTES.size()));
        int status = today.nextDouble() < 0.03 ? 502 : today.nextDouble() < 0.05 ? 404 : 200;
        registry.recordRestRequest("GET", route, status);
      }
      if (today.nextDouble() < 0.2) {
        registry.recordRestRequest("POST", "/api/v1/servers", 201);
      }
    }
    if (retrieving) {
      repeat(
          (int) (usage * today.nextInt(40)),
          () -> registry.recordBuiltinTool(BuiltinTool.RETRIEVE_TOOLS));
    }
    if (client) {
      repeat(
          (int) (usage * today.nextInt(25)),
          () -> registry.recordBuiltinTool(BuiltinTool.CALL_TOOL_READ));
      if (today.nextDouble() < 0.4) {
        repeat(1 + today.nextInt(6), () -> registry.recordBuiltinTool(BuiltinTool.CALL_TOOL_WRITE));
      }
      if (today.nextDouble() < 0.05) {
        registry.recordBuiltinTool(BuiltinTool.CALL_TOOL_DESTRUCTIVE);
      }
      if (today.nextDouble() < 0.3) {
        registry.recordBuiltinTool(BuiltinTool.UPSTREAM_SERVERS);
      }
      if (install.config().path("enable_code_execution").asBoolean(false)) {
        repeat(today.nextInt(5), () -> registry.recordBuiltinTool(BuiltinTool.CODE_EXECUTION));
      }
      repeat((int) (usage * today.nextInt(120)), registry::recordUpstreamTool);
    }
    if (today.nextDouble() < install.errorShare()) {
      int errors = 1 + today.nextInt(3);
      for (int i = 0; i < errors; i++) {
        registry.recordError(pickError(today));
      }
    }
    if (today.nextDouble() < 0.08) {
      registry.recordDoctorRun(
          List.of(
              DoctorCheckResult.of("docker_daemon", install.dockerAvailable()),
              DoctorCheckResult.of("config_valid", today.nextDouble() < 0.95),
              DoctorCheckResult.of("upstream_reachable", today.nextDouble() < 0.8)));
    }
    ActivationStore activation = service.activationStore();
    if (connected) {
      activation.markFirstConnectedServer();
    }
    if (client) {
      install.clientNames().forEach(activation::recordMcpClient);
      activation.markFirstMcpClient();
    }
    if (retrieving) {
      activation.markFirstRetrieveToolsCall();
      int calls = today.nextInt(30);
      repeat(calls, activation::incrementRetrieveToolsCall);
      activation.addTokensSaved(calls * (500L + today.nextInt(4000)));
    }
  }

  private static ErrorCategory pickError(SplittableRandom today) {
    double x = today.nextDouble();
    for (int i = 0; i < SimulatedInstall.ERROR_SHARE.length; i++) {
      x -= SimulatedInstall.ERROR_SHARE[i];
      if (x < 0) {
        return SimulatedInstall.ERRORS.get(i);
      }
    }
    return SimulatedInstall.ERRORS.get(0);
  }

  private static void repeat(int times, Runnable action) {
    for (int i = 0; i < times; i++) {
      action.run();
    }
  }
}
