package app.mcpproxy.telemetry.collector.fleet;

import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import app.mcpproxy.telemetry.collector.storage.DayRollups;
import app.mcpproxy.telemetry.collector.storage.InstallDayWriter;
import app.mcpproxy.telemetry.collector.storage.MonthRollups;
import app.mcpproxy.telemetry.collector.storage.RawWindow;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import app.mcpproxy.telemetry.model.WireNames;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A benchmark tool, not part of the collector: writes a realistic fleet into a collector database
 * through the collector's own write path (the same merge of heartbeats into install-days), in bulk,
 * then closes every finished day into its rollup.
 *
 * <p>The fleet: about {@code installs} installs active each day over {@code days} days ending on
 * {@code --end}, one in a hundred leaving and replaced each day, each active on four days of five;
 * a release every week that installs take up after a lag of their own (so upgrades), Linux, macOS
 * and Windows on their architectures, CI, container and cloud-IDE shares, launch sources, an
 * activation funnel, feature flags, OAuth providers, error categories on some days, request
 * counters, and one install-day in ten sent as two heartbeats that add up.
 *
 * <pre>
 * java -cp … app.mcpproxy.telemetry.collector.FleetGenerator --db JDBC_URL --installs 40000 \
 *     --days 30 [--end YYYY-MM-DD] [--seed N] [--keep-raw-days 30]
 * </pre>
 */
public final class FleetGenerator {
  private static final List<String> OS = List.of("linux", "darwin", "windows");
  private static final List<String> ENV =
      List.of("interactive", "ci", "container", "headless", "cloud_ide", "unknown");
  private static final double[] ENV_SHARE = {0.60, 0.12, 0.10, 0.10, 0.03, 0.05};
  private static final List<String> LAUNCH = List.of("cli", "tray", "login_item", "unknown");
  private static final List<String> ERRORS =
      List.of(
          "oauth_refresh_failed",
          "upstream_connect_timeout",
          "docker_pull_failed",
          "config_reload_failed",
          "upstream_handshake_failed");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int installsPerDay;
  private final int days;
  private final LocalDate end;
  private final long seed;
  private final int keepRawDays;

  private FleetGenerator(int installsPerDay, int days, LocalDate end, long seed, int keepRawDays) {
    this.installsPerDay = installsPerDay;
    this.days = days;
    this.end = end;
    this.seed = seed;
    this.keepRawDays = keepRawDays;
  }

  /**
   * Generates a fleet into a database.
   *
   * @param args {@code --db URL --installs N --days D [--end DATE] [--seed S] [--keep-raw-days K]}
   * @throws SQLException when the database fails
   */
  public static void main(String[] args) throws SQLException {
    String url = null;
    int installs = 1000;
    int days = 30;
    LocalDate end = LocalDate.now(ZoneOffset.UTC);
    long seed = 42;
    int keepRawDays = 30;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--db" -> url = args[i + 1];
        case "--installs" -> installs = Integer.parseInt(args[i + 1]);
        case "--days" -> days = Integer.parseInt(args[i + 1]);
        case "--end" -> end = LocalDate.parse(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--keep-raw-days" -> keepRawDays = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--db JDBC_URL is required");
    }
    try (CollectorDatabase database = CollectorDatabase.open(url)) {
      new FleetGenerator(installs, days, end, seed, keepRawDays).generate(database);
    }
  }

  private void generate(CollectorDatabase database) throws SQLException {
    InstallDayWriter writer = new InstallDayWriter(MAPPER, database.vendor());
    // Days already past the raw window get no raw JSON: the collector would drop it at once.
    LocalDate firstRawDay = end.minusDays(keepRawDays - 1L);
    writer.keepRawFrom(firstRawDay);
    long heartbeats = 0;
    long started = System.nanoTime();
    try (Connection connection = database.connection()) {
      for (int d = 0; d < days; d++) {
        LocalDate day = end.minusDays(days - 1L - d);
        if (!day.isBefore(firstRawDay)) {
          RawWindow.createAhead(connection, day);
        }
        // One transaction per day: the day's heartbeats merge in memory, then go out in batches.
        List<ReceivedHeartbeat> batch = dayOf(d, day, !day.isBefore(firstRawDay));
        connection.setAutoCommit(false);
        writer.write(connection, batch);
        heartbeats += batch.size();
        connection.commit();
        writer.committed();
        connection.setAutoCommit(true);
        System.out.printf(
            "%s written (%d heartbeats so far, %.0f s)%n",
            day, heartbeats, (System.nanoTime() - started) / 1e9);
      }
      long closing = System.nanoTime();
      List<String> closed = DayRollups.closeAll(connection, end);
      int months = MonthRollups.closeAll(connection, end).size();
      System.out.printf(
          "%d heartbeats in %.0f s; %d days and %d months closed into rollups in %.1f s%n",
          heartbeats,
          (closing - started) / 1e9,
          closed.size(),
          months,
          (System.nanoTime() - closing) / 1e9);
    }
  }

  /** The heartbeats of one day, in a shuffled-enough order (installs interleaved). */
  private List<ReceivedHeartbeat> dayOf(int d, LocalDate day, boolean keepsRaw) {
    int pool = installsPerDay * 5 / 4;
    int churn = Math.max(1, installsPerDay / 100);
    List<ReceivedHeartbeat> heartbeats = new ArrayList<>(installsPerDay + installsPerDay / 10);
    for (long j = (long) d * churn; j < (long) d * churn + pool; j++) {
      SplittableRandom today = new SplittableRandom(mix(seed, j, d));
      if (today.nextDouble() >= 0.8) {
        continue;
      }
      int sends = today.nextDouble() < 0.1 ? 2 : 1;
      for (int s = 0; s < sends; s++) {
        ObjectNode payload = heartbeat(j, d, day, today);
        heartbeats.add(
            ReceivedHeartbeat.of(
                day,
                UUID.randomUUID().toString(),
                payload,
                // Not written past the raw window, so not serialised either.
                keepsRaw ? payload.toString() : ""));
      }
    }
    return heartbeats;
  }

  private ObjectNode heartbeat(long j, int d, LocalDate day, SplittableRandom today) {
    SplittableRandom install = new SplittableRandom(mix(seed, j, -1));
    UUID id =
        new UUID(
            (install.nextLong() & 0xffffffffffff0fffL) | 0x4000L,
            (install.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
    int os = pick(install, 0.50, 0.35, 0.15);
    String arch =
        os == 1
            ? (install.nextDouble() < 0.7 ? "arm64" : "amd64")
            : (install.nextDouble() < 0.9 ? "amd64" : "arm64");
    int env = pick(install, ENV_SHARE);
    int lag = install.nextInt(10);
    int joined = (int) (j / Math.max(1, installsPerDay / 100));
    int release = Math.max(0, (d - lag) / 7);
    String version = "v0." + (20 + release) + ".0";
    String previous = release == 0 ? "" : "v0." + (19 + release) + ".0";
    boolean connected = install.nextDouble() < 0.85;
    boolean client = connected && install.nextDouble() < 0.7;
    boolean retrieve = client && install.nextDouble() < 0.5;
    ObjectNode node = MAPPER.createObjectNode();
    node.put(WireNames.ANONYMOUS_ID, id.toString());
    node.put(WireNames.VERSION, version);
    node.put(WireNames.EDITION, install.nextDouble() < 0.9 ? "personal" : "server");
    node.put(WireNames.OS, OS.get(os));
    node.put(WireNames.ARCH, arch);
    node.put(WireNames.GO_VERSION, "java" + (install.nextBoolean() ? "17.0.15" : "21.0.7"));
    node.put(WireNames.SERVER_COUNT, install.nextInt(12));
    node.put(WireNames.CONNECTED_SERVER_COUNT, install.nextInt(6));
    node.put(WireNames.TOOL_COUNT, install.nextInt(200));
    node.put(WireNames.UPTIME_HOURS, today.nextInt(200));
    node.put(WireNames.ROUTING_MODE, install.nextDouble() < 0.8 ? "retrieve_tools" : "direct");
    node.put(WireNames.QUARANTINE_ENABLED, install.nextDouble() < 0.9);
    node.put(WireNames.TIMESTAMP, day + "T12:00:00Z");
    node.put(WireNames.SCHEMA_VERSION, 3);
    node.put(
        WireNames.ANONYMOUS_ID_CREATED_AT, day.minusDays(Math.max(0, d - joined)) + "T09:00:00Z");
    node.put(WireNames.CURRENT_VERSION, version);
    node.put(WireNames.PREVIOUS_VERSION, previous);
    node.put(
        WireNames.LAST_STARTUP_OUTCOME, today.nextDouble() < 0.97 ? "success" : "port_conflict");
    ObjectNode surfaces = node.putObject(WireNames.SURFACE_REQUESTS);
    surfaces.put("mcp", today.nextInt(500));
    surfaces.put("cli", today.nextInt(10));
    surfaces.put("webui", today.nextInt(20));
    surfaces.put("tray", today.nextInt(3));
    surfaces.put("unknown", today.nextInt(2));
    ObjectNode tools = node.putObject(WireNames.BUILTIN_TOOL_CALLS);
    tools.put("retrieve_tools", today.nextInt(100));
    tools.put("call_tool_read", today.nextInt(50));
    if (today.nextDouble() < 0.2) {
      tools.put("call_tool_write", 1 + today.nextInt(10));
    }
    node.put(WireNames.UPSTREAM_TOOL_CALL_COUNT_BUCKET, "11-100");
    node.putObject(WireNames.REST_ENDPOINT_CALLS)
        .putObject("GET /api/v1/servers")
        .put("2xx", today.nextInt(9));
    ObjectNode flags = node.putObject(WireNames.FEATURE_FLAGS);
    flags.put(WireNames.ENABLE_SOCKET, install.nextDouble() < 0.6);
    flags.put(WireNames.ENABLE_WEB_UI, install.nextDouble() < 0.8);
    flags.put(WireNames.ENABLE_PROMPTS, install.nextDouble() < 0.3);
    flags.put(WireNames.REQUIRE_MCP_AUTH, install.nextDouble() < 0.1);
    flags.put(WireNames.ENABLE_CODE_EXECUTION, install.nextDouble() < 0.05);
    flags.put(WireNames.QUARANTINE_ENABLED, install.nextDouble() < 0.9);
    flags.put(WireNames.SENSITIVE_DATA_DETECTION_ENABLED, install.nextDouble() < 0.85);
    ArrayNode oauth = flags.putArray(WireNames.OAUTH_PROVIDER_TYPES);
    if (install.nextDouble() < 0.2) {
      oauth.add("github");
    }
    if (install.nextDouble() < 0.1) {
      oauth.add("google");
    }
    if (install.nextDouble() < 0.003) {
      oauth.add("microsoft");
    }
    flags.put(WireNames.DOCKER_AVAILABLE, install.nextDouble() < 0.5);
    if (today.nextDouble() < 0.1) {
      node.putObject(WireNames.ERROR_CATEGORY_COUNTS)
          .put(ERRORS.get(today.nextInt(ERRORS.size())), 1 + today.nextInt(3));
    }
    node.putObject(WireNames.SERVER_PROTOCOL_COUNTS)
        .put("stdio", 2)
        .put("http", 1)
        .put("sse", 0)
        .put("streamable_http", 0)
        .put("auto", 0);
    node.put(WireNames.SERVER_DOCKER_ISOLATED_COUNT, 0);
    node.put(WireNames.ENV_KIND, ENV.get(env));
    node.putObject(WireNames.ENV_MARKERS)
        .put(WireNames.HAS_CI_ENV, env == 1)
        .put(WireNames.HAS_CLOUD_IDE_ENV, env == 4)
        .put(WireNames.IS_CONTAINER, env == 2)
        .put(WireNames.HAS_TTY, env == 0)
        .put(WireNames.HAS_DISPLAY, env == 0);
    ObjectNode activation = node.putObject(WireNames.ACTIVATION);
    activation.put(WireNames.FIRST_CONNECTED_SERVER_EVER, connected);
    activation.put(WireNames.FIRST_MCP_CLIENT_EVER, client);
    activation.put(WireNames.FIRST_RETRIEVE_TOOLS_CALL_EVER, retrieve);
    activation.putArray(WireNames.MCP_CLIENTS_SEEN_EVER).add("claude-desktop");
    activation.put(WireNames.RETRIEVE_TOOLS_CALLS_24H, today.nextInt(30));
    activation.put(WireNames.ESTIMATED_TOKENS_SAVED_24H_BUCKET, "1_100");
    activation.put(WireNames.CONFIGURED_IDE_COUNT, install.nextInt(3));
    if (install.nextDouble() < 0.9) {
      node.put(WireNames.LAUNCH_SOURCE, d == joined ? "installer" : LAUNCH.get(install.nextInt(4)));
    }
    node.putNull(WireNames.AUTOSTART_ENABLED);
    return node;
  }

  private static int pick(SplittableRandom random, double... shares) {
    double x = random.nextDouble();
    for (int i = 0; i < shares.length; i++) {
      x -= shares[i];
      if (x < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }

  private static long mix(long seed, long install, long day) {
    long h = seed * 0x9E3779B97F4A7C15L + install;
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + day;
    return h ^ (h >>> 29);
  }
}
