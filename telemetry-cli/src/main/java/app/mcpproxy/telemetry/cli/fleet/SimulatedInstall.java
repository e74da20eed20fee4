package app.mcpproxy.telemetry.cli.fleet;

import app.mcpproxy.telemetry.env.FileProber;
import app.mcpproxy.telemetry.env.HandshakeChecker;
import app.mcpproxy.telemetry.env.PPIDChecker;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.env.TTYChecker;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.RuntimeStats;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated install: the machine it runs on (system, architecture, environment, how it is
 * launched), its host's configuration and edition, when it joins and leaves the fleet, how often it
 * runs, how late it upgrades, and when it reaches each activation step. Drawn from a seeded random
 * source, so that a seed gives the same fleet.
 *
 * @param index its number in the fleet
 * @param kind the environment it is meant to run in
 * @param goOs the operating system, in Go's vocabulary
 * @param goArch the architecture, in Go's vocabulary
 * @param runtimeVersion the Java runtime's version
 * @param edition the host's edition
 * @param launch how its process is started after the first run
 * @param installer whether its first run is launched by the installer
 * @param joinDay the day of its first run
 * @param lastDay the day of its last run
 * @param activeShare the chance that it runs on a day between those
 * @param upgradeLag how many days after a release it upgrades, or {@code -1} when it stays on the
 *     version it installed
 * @param restartShare the chance that its process is restarted on a day it runs
 * @param connectDay the day it first connects an upstream server
 * @param clientDay the day an MCP client first connects to it
 * @param retrieveDay the day a client first calls {@code retrieve_tools}
 * @param clientNames the names its MCP clients report, as they report them
 * @param errorShare the chance that a day it runs has errors
 * @param usage how much it is used, a factor around 1
 * @param config its host's config file
 * @param serverCount how many upstream servers it has
 * @param dockerAvailable whether a Docker daemon is reachable
 * @param hostname its machine's name, which the anonymity scanner keeps out of every heartbeat
 */
record SimulatedInstall(
    int index,
    Kind kind,
    String goOs,
    String goArch,
    String runtimeVersion,
    Edition edition,
    Launch launch,
    boolean installer,
    int joinDay,
    int lastDay,
    double activeShare,
    int upgradeLag,
    double restartShare,
    int connectDay,
    int clientDay,
    int retrieveDay,
    List<String> clientNames,
    double errorShare,
    double usage,
    ObjectNode config,
    int serverCount,
    boolean dockerAvailable,
    String hostname) {

  /** The environment an install is meant to run in; the library detects it from the process. */
  enum Kind {
    DESKTOP,
    HEADLESS,
    CI,
    CONTAINER,
    CLOUD_IDE
  }

  /** How its process is started. */
  enum Launch {
    TRAY,
    LOGIN_ITEM,
    CLI,
    SERVICE
  }

  /** A day it never reaches. */
  static final int NEVER = Integer.MAX_VALUE;

  /** Names MCP clients report, as they report them; the library maps them to its vocabulary. */
  private static final List<String> CLIENTS =
      List.of(
          "claude-ai",
          "cursor-vscode",
          "claude-code",
          "Visual Studio Code",
          "windsurf-client",
          "zed-editor",
          "gemini-cli-mcp-client",
          "codex-mcp-client",
          "goose",
          "internal-agent-7");

  private static final double[] CLIENT_SHARE = {
    0.26, 0.22, 0.18, 0.11, 0.06, 0.04, 0.04, 0.03, 0.02, 0.04
  };

  /** Errors by how common they are. */
  static final List<ErrorCategory> ERRORS =
      List.of(
          ErrorCategory.UPSTREAM_CONNECT_TIMEOUT,
          ErrorCategory.OAUTH_REFRESH_FAILED,
          ErrorCategory.UPSTREAM_HANDSHAKE_FAILED,
          ErrorCategory.UPSTREAM_CONNECT_REFUSED,
          ErrorCategory.DOCKER_PULL_FAILED,
          ErrorCategory.CONFIG_RELOAD_FAILED,
          ErrorCategory.TOOL_QUARANTINE_BLOCKED,
          ErrorCategory.OAUTH_TOKEN_EXPIRED);

  static final double[] ERROR_SHARE = {0.30, 0.18, 0.14, 0.12, 0.10, 0.06, 0.06, 0.04};

  /**
   * Draws an install.
   *
   * @param index its number
   * @param days how many days the simulation covers
   * @param random the fleet's source, advanced by this draw
   * @param mapper builds its config
   * @return the install
   */
  static SimulatedInstall draw(int index, int days, SplittableRandom random, ObjectMapper mapper) {
    Kind kind = pick(random, Kind.values(), 0.62, 0.09, 0.11, 0.13, 0.05);
    String goOs;
    String goArch;
    if (kind == Kind.DESKTOP) {
      goOs = pick(random, new String[] {"darwin", "linux", "windows"}, 0.48, 0.27, 0.25);
      goArch =
          switch (goOs) {
            case "darwin" -> random.nextDouble() < 0.78 ? "arm64" : "amd64";
            case "windows" -> random.nextDouble() < 0.93 ? "amd64" : "arm64";
            default -> random.nextDouble() < 0.86 ? "amd64" : "arm64";
          };
    } else {
      goOs = kind == Kind.CI && random.nextDouble() < 0.15 ? "darwin" : "linux";
      goArch = random.nextDouble() < 0.8 ? "amd64" : "arm64";
    }
    Edition edition =
        random.nextDouble() < (kind == Kind.HEADLESS || kind == Kind.CONTAINER ? 0.45 : 0.06)
            ? Edition.SERVER
            : Edition.PERSONAL;
    Launch launch =
        switch (kind) {
          case DESKTOP ->
              goOs.equals("linux")
                  ? pick(random, new Launch[] {Launch.CLI, Launch.TRAY}, 0.7, 0.3)
                  : pick(random, Launch.values(), 0.45, 0.25, 0.25, 0.05);
          case CLOUD_IDE -> Launch.CLI;
          default -> Launch.SERVICE;
        };
    boolean installer = kind == Kind.DESKTOP && !goOs.equals("linux") && random.nextDouble() < 0.6;

    // A quarter were there before the first day; the rest join at a pace that grows a little.
    int joinDay =
        random.nextDouble() < 0.25 ? 0 : (int) (days * Math.sqrt(random.nextDouble() * 0.999));
    int lastDay;
    double oneAndDone = kind == Kind.CI ? 0.15 : kind == Kind.CLOUD_IDE ? 0.55 : 0.3;
    if (random.nextDouble() < oneAndDone) {
      lastDay = joinDay;
    } else if (random.nextDouble() < 0.5) {
      lastDay = days - 1;
    } else {
      lastDay = Math.min(days - 1, joinDay + 1 + (int) (-22 * Math.log(1 - random.nextDouble())));
    }
    double activeShare =
        switch (kind) {
          case DESKTOP -> 0.45 + 0.45 * random.nextDouble();
          case CI -> 0.5 + 0.4 * random.nextDouble();
          case CLOUD_IDE -> 0.3 + 0.3 * random.nextDouble();
          default -> 0.92;
        };
    double pinned = kind == Kind.CONTAINER || kind == Kind.CI ? 0.4 : 0.12;
    int upgradeLag =
        random.nextDouble() < pinned
            ? -1
            : random.nextDouble() < 0.45 ? random.nextInt(3) : 3 + random.nextInt(15);
    double restartShare =
        switch (kind) {
          case CI, CLOUD_IDE -> 1.0;
          case CONTAINER, HEADLESS -> 0.08;
          default -> launch == Launch.CLI ? 0.8 : 0.25;
        };

    // The funnel: a first server, then a client, then retrieve_tools, each a few days apart.
    int connectDay = random.nextDouble() < 0.86 ? joinDay + geometric(random, 0.6) : NEVER;
    int clientDay =
        connectDay != NEVER && random.nextDouble() < (kind == Kind.CI ? 0.4 : 0.72)
            ? connectDay + geometric(random, 0.5)
            : NEVER;
    int retrieveDay =
        clientDay != NEVER && random.nextDouble() < 0.62
            ? clientDay + geometric(random, 0.5)
            : NEVER;
    List<String> clientNames =
        random.nextDouble() < 0.2
            ? List.of(pick(random, CLIENTS), pick(random, CLIENTS))
            : List.of(pick(random, CLIENTS));

    int serverCount = 1 + random.nextInt(kind == Kind.DESKTOP ? 12 : 6);
    boolean dockerAvailable = random.nextDouble() < (kind == Kind.DESKTOP ? 0.45 : 0.3);
    ObjectNode config = config(mapper, random, serverCount, kind);
    String hostname = "sim-" + HexFormat.of().toHexDigits(random.nextInt());
    return new SimulatedInstall(
        index,
        kind,
        goOs,
        goArch,
        random.nextDouble() < 0.55 ? "java21.0.5" : "java17.0.13",
        edition,
        launch,
        installer,
        joinDay,
        lastDay,
        activeShare,
        upgradeLag,
        restartShare,
        connectDay,
        clientDay,
        retrieveDay,
        clientNames,
        kind == Kind.CI ? 0.2 : 0.1,
        0.3 + 1.7 * random.nextDouble(),
        config,
        serverCount,
        dockerAvailable,
        hostname);
  }

  /** The host's config file: upstream servers, routing, feature switches. */
  private static ObjectNode config(
      ObjectMapper mapper, SplittableRandom random, int servers, Kind kind) {
    ObjectNode root = mapper.createObjectNode();
    root.put(
        "routing_mode",
        pick(
            random, new String[] {"retrieve_tools", "direct", "code_execution"}, 0.72, 0.22, 0.06));
    root.put("enable_socket", random.nextDouble() < 0.7);
    root.putObject("features").put("enable_web_ui", random.nextDouble() < 0.8);
    root.put("enable_prompts", random.nextDouble() < 0.3);
    root.put("require_mcp_auth", random.nextDouble() < (kind == Kind.DESKTOP ? 0.08 : 0.35));
    root.put("enable_code_execution", random.nextDouble() < 0.12);
    root.put("quarantine_enabled", random.nextDouble() < 0.88);
    root.putObject("sensitive_data_detection").put("enabled", random.nextDouble() < 0.8);
    ArrayNode list = root.putArray("mcpServers");
    for (int i = 0; i < servers; i++) {
      ObjectNode server = list.addObject();
      server.put("name", "server-" + i);
      double x = random.nextDouble();
      if (x < 0.55) {
        server.put("command", "npx").put("protocol", "stdio");
      } else if (x < 0.65) {
        server.put("url", "https://api.githubcopilot.com/mcp/").put("protocol", "streamable_http");
        server.putObject("oauth");
      } else if (x < 0.72) {
        server.put("url", "https://tools.googleapis.com/mcp").put("protocol", "http");
        server.putObject("oauth");
      } else if (x < 0.74) {
        server.put("url", "https://mcp.azurewebsites.net/sse").put("protocol", "sse");
        server.putObject("oauth");
      } else {
        server
            .put("url", "https://mcp.example.org/server" + i)
            .put("protocol", random.nextBoolean() ? "http" : "streamable_http");
      }
    }
    ObjectNode telemetry = root.putObject("telemetry");
    telemetry.put("enabled", true);
    if (random.nextDouble() < 0.06) {
      telemetry.put(
          "last_startup_outcome",
          pick(random, new String[] {"port_conflict", "db_locked", "config_error"}, 0.6, 0.2, 0.2));
    }
    return root;
  }

  /**
   * The process its host runs in, as the library would find it; {@code first} for its first run.
   */
  ProcessEnvironment process(Path home, boolean first) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("LANG", "en_US.UTF-8");
    switch (kind) {
      case CI -> env.put(index % 3 == 0 ? "GITLAB_CI" : "GITHUB_ACTIONS", "true");
      case CONTAINER -> env.put("container", "docker");
      case CLOUD_IDE -> env.put(index % 2 == 0 ? "CODESPACES" : "GITPOD_WORKSPACE_ID", "ws");
      case DESKTOP -> {
        if (goOs.equals("linux")) {
          env.put("DISPLAY", ":0");
        }
      }
      default -> {
        // A headless server: no display, no terminal.
      }
    }
    if (first && installer) {
      env.put("MCPPROXY_LAUNCHED_BY", "installer");
    }
    boolean terminal = launch == Launch.CLI;
    FileProber files = path -> kind == Kind.CONTAINER && path.equals("/.dockerenv");
    TTYChecker tty = () -> terminal;
    HandshakeChecker handshake = () -> launch == Launch.TRAY;
    PPIDChecker ppid = () -> launch == Launch.LOGIN_ITEM;
    return ProcessEnvironment.builder()
        .env(env)
        .goOs(goOs)
        .goArch(goArch)
        .runtimeVersion(runtimeVersion)
        .fileProber(files)
        .tty(tty)
        .handshake(handshake)
        .ppid(ppid)
        .hostname(hostname)
        .homeDirectory(home)
        .build();
  }

  /** The host's live figures on a day. */
  RuntimeStats stats(SplittableRandom today) {
    int connected = Math.max(0, serverCount - today.nextInt(Math.max(1, serverCount / 3 + 1)));
    int tools = connected * (4 + today.nextInt(20));
    String routing = config.path("routing_mode").asText("retrieve_tools");
    boolean quarantine = config.path("quarantine_enabled").asBoolean(true);
    int isolated = dockerAvailable ? today.nextInt(serverCount + 1) / 2 : 0;
    return new Stats(serverCount, connected, tools, routing, quarantine, dockerAvailable, isolated);
  }

  /** Fixed figures for one run of the host. */
  private record Stats(
      int serverCount,
      int connectedServerCount,
      int toolCount,
      String routingMode,
      boolean quarantineEnabled,
      boolean dockerAvailable,
      int dockerIsolatedServerCount)
      implements RuntimeStats {}

  private static int geometric(SplittableRandom random, double p) {
    int n = 0;
    while (random.nextDouble() >= p && n < 30) {
      n++;
    }
    return n;
  }

  private static <T> T pick(SplittableRandom random, T[] values, double... shares) {
    double x = random.nextDouble();
    for (int i = 0; i < shares.length; i++) {
      x -= shares[i];
      if (x < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static String pick(SplittableRandom random, List<String> clients) {
    return pick(random, clients.toArray(String[]::new), CLIENT_SHARE);
  }
}
