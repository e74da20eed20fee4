package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.activation.McpClients;
import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.ConfigFile;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.counters.Vocabulary;
import app.mcpproxy.telemetry.env.AutostartReader;
import app.mcpproxy.telemetry.env.HostVersion;
import app.mcpproxy.telemetry.env.OptOut;
import app.mcpproxy.telemetry.env.OptOutDecision;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.internal.Once;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.RuntimeStats;
import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.model.StorageStatus;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.store.DurableStore;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.transport.TelemetryEndpoint;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The telemetry service: counts what the host does, and when telemetry is on, sends an anonymous
 * heartbeat after an initial delay and then once per interval.
 *
 * <p>Telemetry is off when an environment variable opts out ({@code DO_NOT_TRACK}, {@code CI},
 * {@code MCPPROXY_TELEMETRY=false}), when the config says {@code telemetry.enabled: false}, or when
 * the host version is not semver (such as {@code dev}). Then {@link #start()} schedules nothing and
 * no connection is ever made; the {@link #registry()} still accepts counts, which never leave the
 * process and are not persisted.
 *
 * <p>Each heartbeat is scanned by the {@link AnonymityScanner} before it leaves and skipped when it
 * holds anything identifying. Recorded counters move to an outbox in {@code telemetry.db} about
 * twice a second, off the recording threads; they are deleted only by the 2xx answer to the
 * heartbeat that carried them, and retried under the same {@code Idempotency-Key} otherwise. Every
 * attempt is kept in the local log ({@link #sentHeartbeats(int)}). The service is thread-safe, and
 * whatever the database file is, none of its methods throws for it: what cannot be written is kept
 * in memory and retried ({@link #storageStatus()}).
 *
 * <pre>{@code
 * try (TelemetryService telemetry =
 *     TelemetryService.builder()
 *         .config(ConfigFile.defaultPath(Path.of(System.getProperty("user.home"))))
 *         .version("v0.25.0")
 *         .edition(Edition.PERSONAL)
 *         .build()) {
 *   telemetry.start();
 *   telemetry.registry().recordSurface(Surface.CLI);
 *   // ... run the host ...
 * }
 * }</pre>
 */
public final class TelemetryService implements Closeable {
  /** Feedback submissions allowed per rolling hour. */
  public static final int FEEDBACK_PER_HOUR = 5;

  /** Where heartbeats and feedback go unless the builder or the config says otherwise. */
  public static final URI DEFAULT_ENDPOINT = TelemetryEndpoint.DEFAULT_ENDPOINT;

  /** The bound on each request unless configured otherwise. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = TelemetryEndpoint.DEFAULT_REQUEST_TIMEOUT;

  /** The delay before the first heartbeat unless configured otherwise. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMinutes(5);

  /** How long {@link #close()} waits for a heartbeat in flight to give up. */
  static final Duration CLOSE_BOUND = Duration.ofSeconds(2);

  /** How often recorded counters are moved to disk, off the callers' threads. */
  static final Duration PERSIST_INTERVAL = Duration.ofMillis(500);

  /** The name of the thread that writes to {@code telemetry.db}. */
  static final String STORE_THREAD_NAME = "mcpproxy-telemetry-store";

  /** The one logger of the service and its parts, so that a host configures a single name. */
  static final System.Logger LOG = System.getLogger(TelemetryService.class.getName());

  private final Optional<String> version;
  private final ProcessEnvironment process;
  private final Clock clock;
  private final URI endpointUri;
  private final Duration initialDelay;
  private final Path dataDir;
  private final CounterRegistry registry;
  private final McpClients clients;
  private final LocalCounts localCounts;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Serialises sends, forgetting and closing. */
  private final ReentrantLock sendLock = new ReentrantLock();

  private final CurrentConfig config;
  private final DatabaseAccess databases;
  private final UnsentCounters unsent;
  private final ScheduledThreadPoolExecutor storeExecutor;
  private final Object tickLock = new Object();
  private @Nullable ScheduledFuture<?> tick; // guarded by tickLock
  private final IdentityKeeper identities;
  private final PayloadAssembler assembler;
  private final HeartbeatSender sender;
  private final HeartbeatLoop loop;
  private final FeedbackSubmitter feedback;
  private final Forgetting forgetting;

  private TelemetryService(
      Builder builder, ConfigFile configFile, ProcessEnvironment process, HostConfig initial) {
    this.version = HostVersion.reportable(builder.version);
    this.registry = new CounterRegistry(builder.vocabulary());
    this.clients = McpClients.builtIn().with(builder.mcpClients);
    this.localCounts = new LocalCounts(registry);
    this.process = process;
    this.clock = builder.clock;
    this.endpointUri = builder.endpoint != null ? builder.endpoint : configuredEndpoint(initial);
    this.initialDelay = builder.initialDelay;
    Path home = process.homeDirectory().orElseGet(() -> Path.of(System.getProperty("user.home")));
    this.dataDir = builder.dataDir != null ? builder.dataDir : initial.resolvedDataDir(home);
    Optional<AutostartReader> autostartReader =
        builder.autostartReader != null
            ? Optional.of(builder.autostartReader)
            : process.homeDirectory().map(h -> AutostartReader.forHome(h, process.goOs(), clock));
    HttpClient httpClient = builder.httpClient;
    Duration requestTimeout = builder.requestTimeout;
    Once<TelemetryEndpoint> transport = new Once<>(() -> newEndpoint(httpClient, requestTimeout));
    RandomGenerator random = builder.random != null ? builder.random : new SplittableRandom();

    this.config = new CurrentConfig(configFile, initial);
    // Its one thread starts with the first task: a service that never writes starts none.
    this.storeExecutor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, STORE_THREAD_NAME);
              thread.setDaemon(true);
              return thread;
            });
    storeExecutor.setRemoveOnCancelPolicy(true);
    this.databases = new DatabaseAccess(DurableStore.create(dataDir, clock, storeExecutor), clock);
    this.unsent = new UnsentCounters(registry, databases);
    this.identities = new IdentityKeeper(config);
    this.assembler =
        new PayloadAssembler(
            process,
            version.orElse(""),
            builder.edition,
            builder.runtimeStats,
            builder.configuredIdeCount,
            autostartReader,
            clients,
            clock.instant());
    this.sender =
        new HeartbeatSender(
            sendLock,
            closed::get,
            config,
            process,
            version,
            databases,
            unsent,
            registry,
            identities,
            assembler,
            localCounts,
            transport,
            clock);
    this.loop =
        new HeartbeatLoop(
            sender::send,
            RetrySchedule.withInterval(builder.interval, random::nextDouble),
            builder.scheduler,
            closed::get);
    this.feedback =
        new FeedbackSubmitter(FEEDBACK_PER_HOUR, databases, config, assembler, transport);
    this.forgetting =
        new Forgetting(sendLock, config, identities, databases, transport, clock, unsent);
  }

  /**
   * Starts a builder; {@link Builder#config(Path)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private static URI configuredEndpoint(HostConfig config) throws IllegalArgumentException {
    Optional<String> configured = config.endpoint().map(String::trim).filter(s -> !s.isEmpty());
    if (configured.isEmpty()) {
      return TelemetryEndpoint.DEFAULT_ENDPOINT;
    }
    try {
      return parseEndpoint(configured.get());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "telemetry.endpoint in " + config.source() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses an endpoint as the service accepts it, from the config's {@code telemetry.endpoint} or
   * from a person: an absolute http(s) URL with a host and without query or fragment; surrounding
   * blanks are ignored.
   *
   * @param value the text, such as {@code http://127.0.0.1:8787/v1}
   * @return the endpoint
   * @throws IllegalArgumentException naming the value when it is not such a URL
   */
  public static URI parseEndpoint(String value) {
    Objects.requireNonNull(value, "value");
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason(), e);
    }
    try {
      return TelemetryEndpoint.checkEndpoint(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' must be an absolute http or https URL without query or fragment, such as "
              + DEFAULT_ENDPOINT,
          e);
    }
  }

  private TelemetryEndpoint newEndpoint(@Nullable HttpClient givenClient, Duration requestTimeout) {
    HttpClient client =
        givenClient != null ? givenClient : TelemetryEndpoint.defaultClient(requestTimeout);
    return new TelemetryEndpoint(endpointUri, client, requestTimeout, clock);
  }

  /**
   * Returns the counters the host records into; usable whether telemetry is on or off.
   *
   * @return the registry, the same for every call
   */
  public CounterRegistry registry() {
    return registry;
  }

  /**
   * Returns the store the host records activation events into.
   *
   * <p>While telemetry is on this is the store in {@code telemetry.db}: it keeps its state in
   * memory, merges it into the file within a second, and when the file cannot be used keeps
   * everything in memory and retries; it never throws for the disk. While telemetry is off at the
   * first call, an in-memory store that is never written to disk.
   *
   * @return the store, the same for every call
   */
  public ActivationStore activationStore() {
    boolean on = enabled();
    ActivationStore store = databases.activationStore(() -> on);
    if (on) {
      startPersisting();
    }
    return new CanonicalClientStore(store, clients, localCounts);
  }

  /**
   * Tells what {@code telemetry.db} is doing: in use, not needed yet, or unusable, with what is
   * wrong and what that costs.
   *
   * @return the status
   */
  public StorageStatus storageStatus() {
    if (enabled()) {
      // Opens an existing file, so a file that cannot be used is reported before any write.
      databases.existing();
    }
    return databases.store().status();
  }

  /**
   * Returns how often telemetry kept something back on this machine instead of sending it, by kind:
   * calls on undeclared routes ({@code undeclared_rest_route}), results of undeclared checks
   * ({@code undeclared_doctor_check}), unknown client names ({@code unknown_mcp_client}), entries
   * the anonymity scanner removed ({@code scanner_removed.<rule>}) and heartbeats it refused
   * ({@code heartbeat_blocked}). These counts are never sent; they hold no value, only how often.
   *
   * @return the counts of this and earlier runs, sorted by kind; kinds never seen are absent
   */
  public SortedMap<String, Long> localCounts() {
    Map<String, Long> stored = Map.of();
    try {
      stored =
          databases
              .existing()
              .map(db -> (Map<String, Long>) db.localCounts().read())
              .orElse(Map.of());
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "Telemetry local counts not read: {0}", e.getMessage());
    }
    return localCounts.withStored(stored);
  }

  /**
   * Tells what telemetry is doing for this install: whether it is on and why, the id, the endpoint,
   * what {@code telemetry.db} holds and how often something was kept back locally.
   *
   * <p>Nothing is created, changed or sent: {@code telemetry.db} is read only when it exists, and a
   * file that cannot be used is reported as it is, not moved aside.
   *
   * @return the status
   */
  public TelemetryStatus status() {
    HostConfig current = config.read();
    OptOutDecision decision = OptOut.decide(process.env(), current.telemetryEnabled());
    DatabaseAccess.Read<Stored> stored =
        databases.read(db -> new Stored(db.activationStore().load(), db.localCounts().read()));
    return new TelemetryStatus(
        decision.enabled() && version.isPresent(),
        decision,
        version,
        current.anonymousId(),
        endpointUri,
        dataDir,
        stored.status(),
        stored.value().map(Stored::activation),
        localCounts.withStored(stored.value().map(Stored::localCounts).orElse(Map.of())));
  }

  /** What {@link #status()} reads from the database. */
  private record Stored(ActivationState activation, Map<String, Long> localCounts) {}

  /**
   * Builds the heartbeat that would be sent now and scans it with the scanner a send uses, without
   * network and without side effects (see {@link #buildPayload()}).
   *
   * @return the exact bytes and the scanner's verdict
   */
  public DryRun dryRun() {
    HeartbeatPayload payload = buildPayload();
    byte[] json = PayloadWriter.toJson(payload);
    Optional<String> refusal = sender.scan(json).map(v -> v.rule().wireName() + ": " + v.reason());
    return new DryRun(json, PayloadWriter.toPrettyJson(payload), refusal);
  }

  /**
   * Tells whether heartbeats may be sent: no opt-out and a semver host version.
   *
   * @return {@code true} when telemetry is on
   */
  public boolean enabled() {
    return optOut().enabled() && version.isPresent();
  }

  /**
   * Explains the opt-out decision from the environment and the config file as it is now.
   *
   * @return the decision with every source in precedence order
   */
  public OptOutDecision optOut() {
    return OptOut.decide(process.env(), config.read().telemetryEnabled());
  }

  /**
   * Returns the environment variable that switched telemetry off, if any.
   *
   * @return the reason, {@link EnvDisabledReason#NONE} when no variable opts out
   */
  public EnvDisabledReason envDisabledReason() {
    return OptOut.check(process.env());
  }

  /**
   * Returns the host version as it is reported: canonical semver, with a pre-release only when it
   * is a fixed word such as {@code rc.1} (see {@link HostVersion#reportable}).
   *
   * @return the reportable version, or empty when the given version is not semver
   */
  public Optional<String> version() {
    return version;
  }

  /**
   * Returns the endpoint heartbeats and feedback go to.
   *
   * @return the endpoint's base URI
   */
  public URI endpoint() {
    return endpointUri;
  }

  /**
   * Builds the heartbeat that would be sent now, without network and without side effects.
   *
   * <p>Nothing is created or changed: no file, no database, no id, no installer flag. When the
   * install has no anonymous id yet, or its id is due for rotation, the payload carries an
   * ephemeral id that exists only in this service's memory; the next send persists that same id.
   * The counters are everything not yet acknowledged: in memory and in the file, from every process
   * sharing it.
   *
   * @return the payload
   */
  public HeartbeatPayload buildPayload() {
    HostConfig current = config.read();
    Instant now = clock.instant();
    Optional<ActivationStore> store = databases.existingActivationStore();
    boolean pending = store.map(ActivationStore::isInstallerPending).orElse(false);
    boolean everSet = store.map(ActivationStore::isInstallerFlagEverSet).orElse(false);
    return assembler.assemble(
        current,
        identities.preview(current, now),
        unsent.preview(),
        now,
        assembler.launchSource(pending, everSet),
        store.map(ActivationStore::load).orElseGet(ActivationState::empty));
  }

  /** Every count not yet acknowledged by the collector, in memory and on disk; for tests. */
  RegistrySnapshot unacknowledgedCounters() {
    return unsent.preview();
  }

  /**
   * Serialises {@link #buildPayload()}: the exact bytes the next heartbeat would carry.
   *
   * @return UTF-8 JSON
   */
  public byte[] renderPayload() {
    return PayloadWriter.toJson(buildPayload());
  }

  /**
   * Starts the heartbeat loop and returns at once; the first heartbeat follows the initial delay.
   *
   * <p>When telemetry is off nothing is scheduled and no connection is ever made. Calling it again
   * does nothing.
   *
   * @throws IllegalStateException when the service is closed
   */
  public void start() {
    if (!loop.markStarted()) {
      return;
    }
    if (!enabled()) {
      LOG.log(Level.INFO, "Telemetry is off: {0}", HeartbeatSender.disabledDetail(optOut()));
      return;
    }
    LOG.log(Level.DEBUG, "Telemetry heartbeat loop starts, first heartbeat in {0}", initialDelay);
    startPersisting();
    loop.scheduleNext(initialDelay);
  }

  /**
   * Sends one heartbeat now, for the CLI; respects the opt-out and the anonymity scanner.
   *
   * <p>It waits for a heartbeat the loop has in flight, and leaves the loop's schedule as it is.
   *
   * @return what came of it
   */
  public SendResult sendNow() {
    return sender.send();
  }

  /**
   * Returns recent heartbeat attempts from the local log, newest first.
   *
   * @param limit the most entries to return, at least 1
   *     <p>Like {@link #status()}, it reads {@code telemetry.db} only when it exists and never
   *     moves a damaged file aside.
   * @return the entries; empty when nothing was ever sent or the file cannot be read
   * @throws IllegalArgumentException when {@code limit} is below 1
   */
  public List<SentHeartbeat> sentHeartbeats(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    return databases.read(db -> db.heartbeatLog().recent(limit)).value().orElse(List.of());
  }

  /**
   * Sends feedback to the endpoint, with the system context filled in by the service.
   *
   * <p>The request is validated first; only a valid request takes one of the {@value
   * #FEEDBACK_PER_HOUR} slots per rolling hour, which hold across processes. The sixth is refused
   * before any connection is made.
   *
   * @param request the feedback; its context is replaced
   * @return the endpoint's answer; a 2xx answer without a JSON body is a success
   * @throws InvalidFeedbackException when the category, message or email is invalid
   * @throws FeedbackException when the rate limit refuses it, the endpoint cannot be reached, or it
   *     answers with a status of 300 or more
   */
  public FeedbackResponse submitFeedback(FeedbackRequest request)
      throws InvalidFeedbackException, FeedbackException {
    return feedback.submit(request);
  }

  /**
   * Forgets this install: asks the endpoint to delete what it holds for the anonymous id, then
   * replaces the local id and clears the local heartbeat log.
   *
   * <p>When the endpoint does not confirm the deletion (2xx, or 404 for nothing held), the local
   * steps are not taken, so that forgetting can be retried with the same id. As the person asked
   * for it, the request is made even while telemetry is off; without an id nothing is sent.
   *
   * @return each step and how it went
   */
  public ForgetResult forget() {
    return forgetting.forget();
  }

  /** Moves recorded counters to disk about twice a second from now on, off the callers' threads. */
  private void startPersisting() {
    synchronized (tickLock) {
      if (tick != null || closed.get()) {
        return;
      }
      tick =
          storeExecutor.scheduleWithFixedDelay(
              this::persistTick,
              PERSIST_INTERVAL.toMillis(),
              PERSIST_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  private void persistTick() {
    try {
      unsent.flush();
      localCounts.flush(databases::open);
      databases.store().maintain();
    } catch (RuntimeException e) {
      // The schedule must go on; only the class is logged.
      LOG.log(Level.WARNING, "Telemetry could not persist: {0}", e.getClass().getName());
    }
  }

  /**
   * Stops the loop, persists the counters while telemetry is on, and closes the database; never
   * throws.
   *
   * <p>A heartbeat in flight is interrupted and waited for at most about two seconds. Its counters
   * stay on disk under its idempotency key and are retried under that key, so whether or not the
   * collector added them, they are counted once; only what it did not carry is persisted anew.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (tickLock) {
      if (tick != null) {
        tick.cancel(false);
      }
    }
    loop.stop();
    boolean idle = false;
    try {
      idle = sendLock.tryLock(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (enabled()) {
        unsent.flush();
        localCounts.flush(databases::open);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Telemetry counters could not be persisted: {0}", e.getClass().getName());
    } finally {
      if (idle) {
        sendLock.unlock();
      }
      databases.close();
      storeExecutor.shutdownNow();
    }
  }

  // ---- builder -----------------------------------------------------------------------------

  /**
   * Assembles a {@link TelemetryService}. Every setter rejects {@code null} and bad values at once,
   * with a message naming the value.
   */
  public static final class Builder {
    /**
     * Declared entries are constants of the host's code, the same on every machine, so they are
     * checked against the scanner's fixed rules only: a machine's own host or user name must not
     * make a build fail there and nowhere else.
     */
    private static final EntryScan DECLARATION_SCAN =
        new EntryScan(new AnonymityScanner(BlockedValues.none()));

    private @Nullable Path configFile;
    private String version = "";
    private Edition edition = Edition.PERSONAL;
    private @Nullable Path dataDir;
    private @Nullable ProcessEnvironment processEnvironment;
    private Clock clock = Clock.systemUTC();
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable HttpClient httpClient;
    private @Nullable URI endpoint;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration interval = RetrySchedule.DEFAULT_INTERVAL;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private @Nullable RuntimeStats runtimeStats;
    private IntSupplier configuredIdeCount = () -> 0;
    private @Nullable AutostartReader autostartReader;
    private @Nullable RandomGenerator random;
    private final Set<String> restRoutes = new LinkedHashSet<>();
    private final Set<String> doctorChecks = new LinkedHashSet<>();
    private final Set<String> mcpClients = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Sets the host's config file, such as {@code ~/.mcpproxy/mcp_config.json}; required. A missing
     * file is an empty config; the anonymous id is written into it on the first send.
     *
     * @param path the file
     * @return this builder
     */
    public Builder config(Path path) {
      this.configFile = Objects.requireNonNull(path, "config");
      return this;
    }

    /**
     * Sets the host version; telemetry stays off unless it is semver. Defaults to none.
     *
     * @param value the version, such as {@code v0.25.0} or {@code 0.25.0}
     * @return this builder
     */
    public Builder version(String value) {
      this.version = Objects.requireNonNull(value, "version");
      return this;
    }

    /**
     * Sets the edition; defaults to {@link Edition#PERSONAL}.
     *
     * @param value the edition
     * @return this builder
     */
    public Builder edition(Edition value) {
      this.edition = Objects.requireNonNull(value, "edition");
      return this;
    }

    /**
     * Sets the directory of {@code telemetry.db}; defaults to the config's {@code data_dir}, else
     * {@code ~/.mcpproxy}.
     *
     * @param value the directory
     * @return this builder
     */
    public Builder dataDir(Path value) {
      this.dataDir = Objects.requireNonNull(value, "dataDir");
      return this;
    }

    /**
     * Sets the process description; defaults to {@link ProcessEnvironment#system()}.
     *
     * @param value the process
     * @return this builder
     */
    public Builder processEnvironment(ProcessEnvironment value) {
      this.processEnvironment = Objects.requireNonNull(value, "processEnvironment");
      return this;
    }

    /**
     * Sets the clock; defaults to the system clock in UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the executor of the heartbeat loop; it stays the caller's and is not shut down on close.
     * Defaults to one daemon thread named {@code mcpproxy-telemetry-heartbeat}, created on {@link
     * TelemetryService#start()} when telemetry is on.
     *
     * @param value the executor
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * Sets the HTTP client; defaults to HTTP/1.1 that never follows redirects.
     *
     * @param value the client
     * @return this builder
     */
    public Builder httpClient(HttpClient value) {
      this.httpClient = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /**
     * Overrides the endpoint; otherwise the config's {@code telemetry.endpoint}, else {@link
     * TelemetryService#DEFAULT_ENDPOINT}.
     *
     * @param value an absolute http(s) URI without query or fragment
     * @return this builder
     */
    public Builder endpoint(URI value) {
      this.endpoint = TelemetryEndpoint.checkEndpoint(Objects.requireNonNull(value, "endpoint"));
      return this;
    }

    /**
     * Sets the delay before the first heartbeat; defaults to five minutes.
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder initialDelay(Duration value) {
      this.initialDelay = notNegative(value, "initialDelay");
      return this;
    }

    /**
     * Sets the interval between heartbeats; defaults to 24 hours.
     *
     * @param value more than zero
     * @return this builder
     */
    public Builder interval(Duration value) {
      this.interval = positive(value, "interval");
      return this;
    }

    /**
     * Sets the bound on each request; defaults to ten seconds.
     *
     * @param value more than zero
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = positive(value, "requestTimeout");
      return this;
    }

    /**
     * Sets the host's live figures; defaults to figures from the config file alone.
     *
     * @param value the figures
     * @return this builder
     */
    public Builder runtimeStats(RuntimeStats value) {
      this.runtimeStats = Objects.requireNonNull(value, "runtimeStats");
      return this;
    }

    /**
     * Sets the provider of the number of IDE configurations the host registered itself in; defaults
     * to zero.
     *
     * @param value the provider
     * @return this builder
     */
    public Builder configuredIdeCount(IntSupplier value) {
      this.configuredIdeCount = Objects.requireNonNull(value, "configuredIdeCount");
      return this;
    }

    /**
     * Sets the reader of the tray's autostart state; defaults to the sidecar in the home directory
     * of the process environment.
     *
     * @param value the reader
     * @return this builder
     */
    public Builder autostartReader(AutostartReader value) {
      this.autostartReader = Objects.requireNonNull(value, "autostartReader");
      return this;
    }

    /**
     * Sets the source of retry jitter; defaults to a fresh {@link SplittableRandom}. Anonymous ids
     * always come from a cryptographically strong source.
     *
     * @param value the source
     * @return this builder
     */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /**
     * Declares REST route templates, the only ones counted by name; a call on any other template
     * counts under {@code UNMATCHED}. Each call adds to those declared before. Declare nothing and
     * no route name is ever sent.
     *
     * <p>A template is {@code /}-separated lower-case words or {@code {parameters}}, such as {@code
     * /api/v1/servers/{name}} (see {@link Vocabulary}).
     *
     * @param templates the templates, as the host's router names them
     * @return this builder
     * @throws IllegalArgumentException naming a template that is not of that shape or that looks
     *     like a secret, a path or an address to the anonymity scanner
     */
    public Builder restRoutes(String... templates) {
      return restRoutes(Arrays.asList(Objects.requireNonNull(templates, "restRoutes")));
    }

    /**
     * Declares REST route templates, as {@link #restRoutes(String...)} does.
     *
     * @param templates the templates
     * @return this builder
     * @throws IllegalArgumentException naming a template that is refused
     */
    public Builder restRoutes(Collection<String> templates) {
      Objects.requireNonNull(templates, "restRoutes");
      for (String template : templates) {
        Vocabulary.requireRoute(template);
        refuseIfScannerObjects(
            "REST route template", template, DECLARATION_SCAN.restKey("GET " + template));
      }
      restRoutes.addAll(templates);
      return this;
    }

    /**
     * Declares diagnostic check names, the only ones counted; a result of any other check is
     * dropped. Each call adds to those declared before. Declare nothing and no check name is ever
     * sent.
     *
     * @param names names matching {@code ^[a-z][a-z0-9_]{0,47}$}, such as {@code docker_daemon}
     * @return this builder
     * @throws IllegalArgumentException naming a name that is not of that shape or that looks like a
     *     secret to the anonymity scanner
     */
    public Builder doctorChecks(String... names) {
      return doctorChecks(Arrays.asList(Objects.requireNonNull(names, "doctorChecks")));
    }

    /**
     * Declares diagnostic check names, as {@link #doctorChecks(String...)} does.
     *
     * @param names the names
     * @return this builder
     * @throws IllegalArgumentException naming a name that is refused
     */
    public Builder doctorChecks(Collection<String> names) {
      Objects.requireNonNull(names, "doctorChecks");
      for (String name : names) {
        Vocabulary.requireCheck(name);
        refuseIfScannerObjects("doctor check name", name, DECLARATION_SCAN.doctorCheck(name));
      }
      doctorChecks.addAll(names);
      return this;
    }

    /**
     * Adds MCP clients to the list this library knows ({@link McpClients#knownNames()}); a client
     * whose reported name is in neither is recorded as {@code other}. A reported {@code Acme IDE}
     * or {@code acme_ide} matches a declared {@code acme-ide}.
     *
     * @param names lower-case words joined by hyphens, at most 32 characters
     * @return this builder
     * @throws IllegalArgumentException naming a name that is not of that shape or that looks like a
     *     secret to the anonymity scanner
     */
    public Builder mcpClients(String... names) {
      Objects.requireNonNull(names, "mcpClients");
      for (String name : names) {
        McpClients.requireCanonical(name);
        refuseIfScannerObjects("MCP client name", name, DECLARATION_SCAN.client(name));
      }
      mcpClients.addAll(Arrays.asList(names));
      return this;
    }

    /**
     * Adds MCP clients, as {@link #mcpClients(String...)} does.
     *
     * @param names the names
     * @return this builder
     * @throws IllegalArgumentException naming a name that is refused
     */
    public Builder mcpClients(Collection<String> names) {
      return mcpClients(Objects.requireNonNull(names, "mcpClients").toArray(String[]::new));
    }

    private static void refuseIfScannerObjects(
        String what, String entry, Optional<AnonymityViolation> violation) {
      if (violation.isPresent()) {
        throw new IllegalArgumentException(
            what
                + " '"
                + entry
                + "' is refused by the anonymity scanner ("
                + violation.get().rule().wireName()
                + ")");
      }
    }

    Vocabulary vocabulary() {
      return Vocabulary.of(restRoutes, doctorChecks);
    }

    /**
     * Builds the service; reads the config file once, creates nothing and sends nothing.
     *
     * @return the service
     * @throws IllegalStateException when no config file was set
     * @throws IllegalArgumentException when the config's {@code telemetry.endpoint} is not a valid
     *     endpoint
     * @throws ConfigException when the config file exists but cannot be read or parsed
     */
    public TelemetryService build() throws ConfigException {
      if (configFile == null) {
        throw new IllegalStateException("config file is required: call config(Path)");
      }
      ProcessEnvironment process =
          processEnvironment != null ? processEnvironment : ProcessEnvironment.system();
      ConfigFile file = new ConfigFile(configFile);
      HostConfig config = file.read();
      return new TelemetryService(this, file, process, config);
    }

    private static Duration notNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
