package app.mcpproxy.telemetry.collector;

import app.mcpproxy.telemetry.collector.http.AdminToken;
import app.mcpproxy.telemetry.collector.http.CollectorHandler;
import app.mcpproxy.telemetry.collector.http.CollectorMetrics;
import app.mcpproxy.telemetry.collector.http.DashboardAssets;
import app.mcpproxy.telemetry.collector.http.FeedbackEndpoint;
import app.mcpproxy.telemetry.collector.http.FeedbackIntake;
import app.mcpproxy.telemetry.collector.http.HeartbeatEndpoint;
import app.mcpproxy.telemetry.collector.http.HeartbeatIntake;
import app.mcpproxy.telemetry.collector.http.HeartbeatSchema;
import app.mcpproxy.telemetry.collector.http.InstallsEndpoint;
import app.mcpproxy.telemetry.collector.http.JsonErrorHandler;
import app.mcpproxy.telemetry.collector.http.QueryRunner;
import app.mcpproxy.telemetry.collector.http.SourceRateLimiter;
import app.mcpproxy.telemetry.collector.http.StatsEndpoint;
import app.mcpproxy.telemetry.collector.http.WhatWeCollect;
import app.mcpproxy.telemetry.collector.http.Writes;
import app.mcpproxy.telemetry.collector.statistics.DayCloser;
import app.mcpproxy.telemetry.collector.statistics.OpenDayCache;
import app.mcpproxy.telemetry.collector.statistics.Stats;
import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import app.mcpproxy.telemetry.collector.storage.FeedbackTable;
import app.mcpproxy.telemetry.collector.storage.GroupCommitWriter;
import app.mcpproxy.telemetry.collector.storage.HeartbeatTable;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import app.mcpproxy.telemetry.collector.storage.WriteAcknowledgement;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.UpsertHeartbeat;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The self-hosted receiving end of heartbeats and feedback: validates them, stores them without any
 * IP address or header, aggregates them and shows a dashboard.
 *
 * <pre>{@code
 * try (Collector collector =
 *     Collector.builder(CollectorOptions.defaults(Path.of("collector-data"))).build()) {
 *   collector.start();
 *   System.out.println("Dashboard: " + collector.baseUri());
 *   collector.awaitStop();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops gracefully: it stops accepting connections, lets requests in flight
 * finish (their writes are committed before they are answered), then closes the database.
 */
public final class Collector implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Collector.class.getName());

  /** How long {@link #close()} waits for requests in flight. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** How long an idle connection stays open once stopping has begun. */
  static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(100);

  private final CollectorOptions options;
  private final Clock clock;
  private final GroupCommitWriter.CommitHook commitHook;
  private final Duration openDayMaxAge;
  private final Object lock = new Object();

  // What start() has started, each null until then: a failed start stops the parts that did start.
  private @Nullable CollectorDatabase database;
  private @Nullable GroupCommitWriter writer;
  private @Nullable QueryRunner queries;
  private @Nullable DayCloser dayCloser;
  private volatile @Nullable Server server;
  // What the methods of a started collector use; null before start() has built the server.
  private @Nullable Running running;
  private boolean started;
  private boolean closed;

  private Collector(Builder builder) {
    this.options = builder.options;
    this.clock = builder.clock;
    this.commitHook = builder.commitHook;
    this.openDayMaxAge = builder.openDayMaxAge;
  }

  /**
   * Starts building a collector.
   *
   * @param options where to listen and keep data
   * @return a builder
   */
  public static Builder builder(CollectorOptions options) {
    return new Builder(options);
  }

  /**
   * Opens and migrates the database, loads or generates the admin token and starts listening.
   *
   * @throws Exception when the database cannot be opened or the address cannot be bound; nothing is
   *     left running then
   * @throws IllegalStateException when called twice or after {@link #close()}
   */
  public void start() throws Exception {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException("a collector starts once");
      }
      started = true;
      try {
        startComponents();
      } catch (Exception e) {
        stopComponents();
        throw e;
      }
    }
    Running parts = requireStarted();
    LOG.log(
        Level.INFO,
        "collector listening on "
            + baseUri()
            + " ("
            + parts.database().vendor().name().toLowerCase(Locale.ROOT)
            + "); admin token for GET /v1/feedback: "
            + parts.adminToken().file()
            + (parts.adminToken().generated() ? " (generated)" : ""));
  }

  private void startComponents() throws Exception {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    AdminToken adminToken =
        AdminToken.load(options.configuredAdminTokenFile(), options.dataDir(), new SecureRandom());
    CollectorDatabase database = CollectorDatabase.open(options.jdbcUrl());
    this.database = database;
    CollectorMetrics metrics = new CollectorMetrics();
    GroupCommitWriter writer =
        new GroupCommitWriter(
            database,
            metrics::committedBatch,
            GroupCommitWriter.DEFAULT_QUEUE_CAPACITY,
            commitHook);
    this.writer = writer;
    metrics.watchWriteQueue(writer::queueDepth);
    writer.start();
    QueryRunner queries = new QueryRunner(database, 2, 64, options.queryTimeout());
    this.queries = queries;
    DayCloser dayCloser = new DayCloser(database, clock, options.keepRawDays());
    this.dayCloser = dayCloser;
    dayCloser.start();
    Writes writes = new Writes(writer);
    OpenDayCache openDays = new OpenDayCache(clock, openDayMaxAge);
    HeartbeatIntake heartbeatIntake =
        new HeartbeatIntake(
            mapper, HeartbeatSchema.load(), new AnonymityScanner(BlockedValues.none()), clock);
    CollectorHandler handler =
        new CollectorHandler(
            new HeartbeatEndpoint(heartbeatIntake, writes, metrics),
            new FeedbackEndpoint(
                new FeedbackIntake(mapper, clock), writes, queries, adminToken, mapper),
            new InstallsEndpoint(writes, openDays),
            new StatsEndpoint(queries, clock, openDays),
            DashboardAssets.load(),
            WhatWeCollect.load(mapper, Stats.MIN_GROUP_INSTALLS),
            new SourceRateLimiter(
                options.rateLimit(), clock, SourceRateLimiter.DEFAULT_MAX_TRACKED_SOURCES),
            metrics,
            mapper,
            writer::isRunning);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("collector-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    this.server = server;
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(options.listenHost());
    connector.setPort(options.listenPort());
    connector.setIdleTimeout(30_000);
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(handler));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(STOP_GRACE.toMillis());
    server.setStopAtShutdown(false);
    running =
        new Running(
            mapper, database, writer, dayCloser, heartbeatIntake, adminToken, server, connector);
    server.start();
  }

  /** The parts a started collector's methods use. */
  private record Running(
      ObjectMapper mapper,
      CollectorDatabase database,
      GroupCommitWriter writer,
      DayCloser dayCloser,
      HeartbeatIntake heartbeatIntake,
      AdminToken adminToken,
      Server server,
      ServerConnector connector) {}

  /**
   * Returns the base address, such as {@code http://127.0.0.1:8787/}; the dashboard is there and
   * the client's endpoint is this plus {@code v1}.
   *
   * @return the address
   * @throws IllegalStateException before {@link #start()}
   */
  public URI baseUri() {
    requireStarted();
    String host = options.listenHost();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /**
   * Returns the endpoint a client sends to, such as {@code http://127.0.0.1:8787/v1}.
   *
   * @return the base address plus {@code v1}
   */
  public URI clientEndpoint() {
    return URI.create(baseUri() + "v1");
  }

  /**
   * Reads what is stored of one install, oldest day first; for demonstrations and operators, never
   * offered over HTTP. Each day reads as one heartbeat: the day's latest, with its counters summed
   * over every heartbeat of the day.
   *
   * @param anonymousId the install's id
   * @return its days, one per UTC day
   * @throws SQLException when the database cannot be read
   */
  public List<StoredHeartbeat> storedHeartbeats(String anonymousId) throws SQLException {
    Objects.requireNonNull(anonymousId, "anonymousId");
    Running parts = requireStarted();
    try (Connection connection = parts.database().connection()) {
      return HeartbeatTable.ofInstall(connection, parts.mapper(), anonymousId);
    }
  }

  /**
   * Reads the stored feedback, newest first; the same list {@code GET /v1/feedback} gives a holder
   * of the admin token.
   *
   * @param limit how many at most, 1 or more
   * @return the feedback
   * @throws SQLException when the database cannot be read
   */
  public List<StoredFeedback> storedFeedback(int limit) throws SQLException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    try (Connection connection = requireStarted().database().connection()) {
      return FeedbackTable.newestFirst(connection, limit);
    }
  }

  /**
   * Returns the bound port, useful when the options asked for port 0.
   *
   * @return the port
   */
  public int port() {
    return requireStarted().connector().getLocalPort();
  }

  /**
   * Returns the file that holds the admin token.
   *
   * @return the configured file or the one generated into the data directory
   */
  public Path adminTokenFile() {
    return requireStarted().adminToken().file();
  }

  /**
   * Tells whether this start generated the admin token (it did not exist before).
   *
   * @return {@code true} on the first start without a configured token file
   */
  public boolean adminTokenGenerated() {
    return requireStarted().adminToken().generated();
  }

  /**
   * Blocks until the collector has been closed from another thread.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void awaitStop() throws InterruptedException {
    requireStarted().server().join();
  }

  /** Stops gracefully: requests in flight are finished and their writes committed. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      stopComponents();
    }
  }

  /**
   * Stores heartbeats as if each had been received on its own UTC day: in-process only (never
   * offered over HTTP, so nobody can backdate through the network), for a fleet simulated or
   * imported into a fresh collector. Each body first passes the same intake as {@code POST
   * /v1/heartbeat} (strict JSON, the schema, the anonymity scanner, the key's shape); when one is
   * refused nothing is stored. Then all are merged in the given order through the same writer as
   * received heartbeats, and this returns once they are committed. Days already closed into rollups
   * are not reopened: call it before {@link #closeFinishedDays()}.
   *
   * @param heartbeats the heartbeats, oldest first
   * @return how many were stored
   * @throws IllegalArgumentException naming the index and the reason of the first heartbeat the
   *     intake refuses, or one dated after today on the collector's clock
   * @throws SQLException when the writes fail
   * @throws InterruptedException when interrupted while waiting for the commit
   */
  public int backfill(List<DatedHeartbeat> heartbeats) throws SQLException, InterruptedException {
    Objects.requireNonNull(heartbeats, "heartbeats");
    Running parts = requireStarted();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<ReceivedHeartbeat> admitted = new ArrayList<>(heartbeats.size());
    for (int i = 0; i < heartbeats.size(); i++) {
      DatedHeartbeat heartbeat = heartbeats.get(i);
      if (heartbeat.day().isAfter(today)) {
        throw new IllegalArgumentException(
            "heartbeat " + i + " is dated " + heartbeat.day() + ", after today (" + today + ")");
      }
      try {
        admitted.add(
            parts
                .heartbeatIntake()
                .admitOn(heartbeat.body(), heartbeat.idempotencyKey(), heartbeat.day()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("heartbeat " + i + " refused: " + e.getMessage(), e);
      }
    }
    return parts.dayCloser().withoutClosing(() -> write(parts.writer(), admitted));
  }

  private static int write(GroupCommitWriter writer, List<ReceivedHeartbeat> admitted)
      throws SQLException, InterruptedException {
    Backfill pending = new Backfill(admitted.size());
    for (ReceivedHeartbeat heartbeat : admitted) {
      while (!writer.submit(new UpsertHeartbeat(heartbeat), pending)) {
        if (!writer.isRunning()) {
          throw new SQLException("the collector's writer has stopped");
        }
        // The queue is full: let the writer drain it.
        Thread.sleep(5);
      }
    }
    pending.await();
    return admitted.size();
  }

  /** Waits for the commit of every back-filled write; the first failure is the answer. */
  private static final class Backfill implements WriteAcknowledgement {
    private final CountDownLatch remaining;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Backfill(int count) {
      this.remaining = new CountDownLatch(count);
    }

    @Override
    public void committed() {
      remaining.countDown();
    }

    @Override
    public void failed(Exception cause) {
      failure.compareAndSet(null, cause);
      remaining.countDown();
    }

    void await() throws SQLException, InterruptedException {
      remaining.await();
      Exception cause = failure.get();
      if (cause != null) {
        throw new SQLException("back-filled heartbeats not stored: " + cause.getMessage(), cause);
      }
    }
  }

  /**
   * A heartbeat to back-fill: its bytes as a client sends them, the UTC day it counts for and its
   * idempotency key.
   *
   * @param day the UTC day
   * @param body the heartbeat's JSON
   * @param idempotencyKey the key the client sent with it, or {@code null}
   */
  // The body is handed to the intake as it is, never compared or hashed as part of the record.
  @SuppressWarnings("ArrayRecordComponent")
  public record DatedHeartbeat(LocalDate day, byte[] body, @Nullable String idempotencyKey) {
    public DatedHeartbeat {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * Closes every finished day (before today on the collector's clock) into its rollup now, as the
   * periodic job does; after a {@link #backfill(List)} the statistics then read the rollups.
   *
   * @return the days closed
   */
  public List<String> closeFinishedDays() {
    return requireStarted().dayCloser().closeFinishedDays();
  }

  /** Tells whether the HTTP server is shutting down; tests close while a request waits. */
  boolean isStopping() {
    Server current = server;
    return current != null && (current.isStopping() || current.isStopped());
  }

  private void stopComponents() {
    Server server = this.server;
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "stopping the HTTP server failed: " + e);
      }
    }
    if (writer != null) {
      writer.close();
    }
    if (dayCloser != null) {
      dayCloser.close();
    }
    if (queries != null) {
      queries.close();
    }
    if (database != null) {
      database.close();
    }
  }

  private Running requireStarted() {
    synchronized (lock) {
      Running parts = running;
      if (!started || parts == null) {
        throw new IllegalStateException("the collector has not been started");
      }
      return parts;
    }
  }

  /** Configures a {@link Collector}. */
  public static final class Builder {
    private final CollectorOptions options;
    private Clock clock = Clock.systemUTC();
    private GroupCommitWriter.CommitHook commitHook = GroupCommitWriter.CommitHook.NONE;
    private Duration openDayMaxAge = OpenDayCache.DEFAULT_MAX_AGE;

    private Builder(CollectorOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Sets the clock that dates heartbeats (by UTC day), feedback and the rate cap.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How old today's figures in the statistics may be; tests that read right after writing use
     * zero.
     */
    Builder openDayMaxAge(Duration maxAge) {
      this.openDayMaxAge = Objects.requireNonNull(maxAge, "maxAge");
      return this;
    }

    Builder beforeCommit(GroupCommitWriter.CommitHook hook) {
      this.commitHook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /**
     * Builds the collector; nothing runs until {@link Collector#start()}.
     *
     * @return the collector
     */
    public Collector build() {
      return new Collector(this);
    }
  }
}
