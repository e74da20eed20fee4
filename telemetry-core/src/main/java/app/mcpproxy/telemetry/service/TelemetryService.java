package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.activation.ActivationStore;
import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.ConfigFile;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.counters.CounterRegistry;
import app.mcpproxy.telemetry.counters.RegistrySnapshot;
import app.mcpproxy.telemetry.env.AutostartReader;
import app.mcpproxy.telemetry.env.EnvDetection;
import app.mcpproxy.telemetry.env.HostVersion;
import app.mcpproxy.telemetry.env.LaunchSourceDetector;
import app.mcpproxy.telemetry.env.OptOut;
import app.mcpproxy.telemetry.env.OptOutDecision;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.feedback.FeedbackValidation;
import app.mcpproxy.telemetry.feedback.InvalidFeedbackException;
import app.mcpproxy.telemetry.feedback.RateLimiter;
import app.mcpproxy.telemetry.flags.FeatureFlags;
import app.mcpproxy.telemetry.flags.ServerProtocols;
import app.mcpproxy.telemetry.model.ActivationState;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.FeedbackContext;
import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import app.mcpproxy.telemetry.model.HeartbeatPayload;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.RuntimeStats;
import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.payload.PayloadWriter;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.AnonymityViolation;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.service.RetrySchedule.Outcome;
import app.mcpproxy.telemetry.store.StoreException;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import app.mcpproxy.telemetry.transport.EndpointException;
import app.mcpproxy.telemetry.transport.EndpointResult;
import app.mcpproxy.telemetry.transport.TelemetryEndpoint;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

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
 * holds anything identifying. Counters are cleared only by a 2xx answer, and only by what that
 * heartbeat carried; anything else keeps them and retries with backoff. Every attempt is kept in
 * the local log ({@link #sentHeartbeats(int)}). The service is thread-safe.
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

  private static final System.Logger LOG = System.getLogger(TelemetryService.class.getName());
  private static final String LAUNCHED_BY_VARIABLE = "MCPPROXY_LAUNCHED_BY";

  private final ConfigFile configFile;
  private final String rawVersion;
  private final Optional<String> version;
  private final Edition edition;
  private final Path dataDir;
  private final ProcessEnvironment process;
  private final Clock clock;
  private final ScheduledExecutorService givenScheduler;
  private final HttpClient givenHttpClient;
  private final URI endpointUri;
  private final Duration initialDelay;
  private final Duration requestTimeout;
  private final RetrySchedule retrySchedule;
  private final RuntimeStats runtimeStats;
  private final IntSupplier configuredIdeCount;
  private final Optional<AutostartReader> autostartReader;
  private final Instant builtAt;
  private final CounterRegistry registry = new CounterRegistry();

  private volatile HostConfig lastGoodConfig;

  /** Guards the lazily created parts and the schedule. */
  private final Object lifecycle = new Object();

  private TelemetryDatabase database;
  private ActivationStore activationStore;
  private RateLimiter feedbackLimiter;
  private TelemetryEndpoint endpoint;
  private AnonymityScanner scanner;
  private ScheduledExecutorService scheduler;
  private ScheduledFuture<?> nextHeartbeat;
  private boolean started;
  private boolean countersRestored;

  private final AtomicBoolean closed = new AtomicBoolean();

  /** Serialises sends, forgetting and closing. */
  private final ReentrantLock sendLock = new ReentrantLock();

  /** Failures in a row of the heartbeat loop; touched only while holding {@link #sendLock}. */
  private int consecutiveFailures;

  /**
   * The id a new or rotated identity will take, so that a payload shown before the first send
   * carries the id that send will persist. Replaced once persisted.
   */
  private final AtomicReference<String> nextId = new AtomicReference<>(AnonymousIdentity.newId());

  private TelemetryService(Builder builder, ProcessEnvironment process, HostConfig config) {
    this.configFile = new ConfigFile(builder.configFile);
    this.lastGoodConfig = config;
    this.rawVersion = builder.version;
    this.version = HostVersion.canonical(builder.version);
    this.edition = builder.edition;
    this.process = process;
    this.clock = builder.clock;
    Path home = process.homeDirectory().orElseGet(() -> Path.of(System.getProperty("user.home")));
    this.dataDir = builder.dataDir != null ? builder.dataDir : config.resolvedDataDir(home);
    this.givenScheduler = builder.scheduler;
    this.givenHttpClient = builder.httpClient;
    this.endpointUri = builder.endpoint != null ? builder.endpoint : configuredEndpoint(config);
    this.initialDelay = builder.initialDelay;
    this.requestTimeout = builder.requestTimeout;
    RandomGenerator random = builder.random != null ? builder.random : new SplittableRandom();
    this.retrySchedule = RetrySchedule.withInterval(builder.interval, random::nextDouble);
    this.runtimeStats = builder.runtimeStats;
    this.configuredIdeCount = builder.configuredIdeCount;
    this.autostartReader =
        builder.autostartReader != null
            ? Optional.of(builder.autostartReader)
            : process.homeDirectory().map(h -> AutostartReader.forHome(h, process.goOs(), clock));
    this.builtAt = clock.instant();
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
      return TelemetryEndpoint.checkEndpoint(new URI(configured.get()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "telemetry.endpoint in " + config.source() + " is not a URI: " + configured.get(), e);
    }
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
   * <p>While telemetry is on this is the store in {@code telemetry.db}, opened on first use; while
   * it is off at the first call, an in-memory store that is never written to disk.
   *
   * @return the store, the same for every call
   * @throws StoreException when the database cannot be opened
   */
  public ActivationStore activationStore() {
    synchronized (lifecycle) {
      if (activationStore == null) {
        activationStore =
            enabled() ? openDatabase().activationStore() : ActivationStore.inMemory(clock);
      }
      return activationStore;
    }
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
    return OptOut.decide(process.env(), currentConfig().telemetryEnabled());
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
   * Returns the host version as it is reported.
   *
   * @return the canonical semver version, or empty when the given version is not semver
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
   * Counters persisted by an earlier run show up only once a heartbeat loop or {@link #sendNow()}
   * has restored them.
   *
   * @return the payload
   */
  public HeartbeatPayload buildPayload() {
    HostConfig config = currentConfig();
    Instant now = clock.instant();
    AnonymousIdentity identity =
        AnonymousIdentity.resolve(
            config.anonymousId().orElse(null),
            config.anonymousIdCreatedAt().orElse(null),
            now,
            nextId::get);
    Optional<ActivationStore> store = existingActivationStore();
    boolean pending = store.map(ActivationStore::isInstallerPending).orElse(false);
    boolean everSet = store.map(ActivationStore::isInstallerFlagEverSet).orElse(false);
    return assemble(
        config,
        identity,
        registry.snapshot(),
        now,
        launchSource(pending, everSet),
        store.map(ActivationStore::load).orElseGet(ActivationState::empty));
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
    synchronized (lifecycle) {
      if (closed.get()) {
        throw new IllegalStateException("telemetry service is closed");
      }
      if (started) {
        return;
      }
      started = true;
    }
    if (!enabled()) {
      LOG.log(Level.INFO, "Telemetry is off: {0}", disabledDetail(optOut()));
      return;
    }
    LOG.log(Level.DEBUG, "Telemetry heartbeat loop starts, first heartbeat in {0}", initialDelay);
    scheduleNext(initialDelay);
  }

  /**
   * Sends one heartbeat now, for the CLI; respects the opt-out and the anonymity scanner.
   *
   * <p>It waits for a heartbeat the loop has in flight, and leaves the loop's schedule as it is.
   *
   * @return what came of it
   */
  public SendResult sendNow() {
    return send();
  }

  /**
   * Returns recent heartbeat attempts from the local log, newest first.
   *
   * @param limit the most entries to return, at least 1
   * @return the entries; empty when nothing was ever sent
   * @throws IllegalArgumentException when {@code limit} is below 1
   */
  public List<SentHeartbeat> sentHeartbeats(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    return existingDatabase().map(db -> db.heartbeatLog().recent(limit)).orElse(List.of());
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
    Objects.requireNonNull(request, "request");
    FeedbackValidation.validate(request);
    RateLimiter limiter;
    try {
      limiter = feedbackLimiter();
    } catch (StoreException e) {
      throw new FeedbackException(
          "feedback not sent: cannot open the local database: " + e.getMessage(), 0, false, e);
    }
    if (!limiter.tryAcquire()) {
      throw new FeedbackException(
          "feedback not sent: at most "
              + FEEDBACK_PER_HOUR
              + " submissions per hour are allowed; try again later",
          0,
          true,
          null);
    }
    FeedbackRequest withContext = request.withContext(feedbackContext(currentConfig()));
    try {
      return transport().postFeedback(withContext);
    } catch (EndpointException e) {
      throw new FeedbackException(e.getMessage(), e.statusCode(), false, e);
    }
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
    sendLock.lock();
    try {
      HostConfig config = currentConfig();
      Optional<String> id = config.anonymousId().filter(AnonymousIdentity::isValidId);
      ForgetResult.Step remote;
      if (id.isEmpty()) {
        remote = ForgetResult.Step.done("no anonymous id yet; the endpoint holds nothing");
      } else {
        EndpointResult result = transport().deleteInstall(id.get());
        if (result.isSuccess()) {
          remote =
              ForgetResult.Step.done(
                  "the endpoint deleted this install (" + result.describe() + ")");
        } else if (result.statusCode() == 404) {
          remote = ForgetResult.Step.done("the endpoint holds nothing for this install (HTTP 404)");
        } else {
          remote = ForgetResult.Step.notDone("the endpoint did not confirm: " + result.describe());
        }
      }
      if (!remote.done()) {
        ForgetResult.Step kept =
            ForgetResult.Step.notDone("kept so that forgetting can be retried");
        return new ForgetResult(remote, kept, kept);
      }
      return new ForgetResult(remote, rotateId(id), clearLog());
    } finally {
      sendLock.unlock();
    }
  }

  private ForgetResult.Step rotateId(Optional<String> oldId) {
    if (oldId.isEmpty()) {
      return ForgetResult.Step.done("no anonymous id to replace");
    }
    String fresh = AnonymousIdentity.newId();
    String createdAt = PayloadWriter.formatTimestamp(clock.instant());
    try {
      configFile.updateTelemetry(t -> t.withAnonymousId(fresh).withAnonymousIdCreatedAt(createdAt));
      return ForgetResult.Step.done("a new anonymous id replaced the old one");
    } catch (ConfigException e) {
      return ForgetResult.Step.notDone("cannot write the config: " + e.getMessage());
    }
  }

  private ForgetResult.Step clearLog() {
    try {
      Optional<TelemetryDatabase> db = existingDatabase();
      if (db.isEmpty()) {
        return ForgetResult.Step.done("no local heartbeat log");
      }
      db.get().heartbeatLog().clear();
      return ForgetResult.Step.done("the local heartbeat log is cleared");
    } catch (StoreException e) {
      return ForgetResult.Step.notDone("cannot clear the local log: " + e.getMessage());
    }
  }

  /**
   * Stops the loop, persists the counters while telemetry is on, and closes the database.
   *
   * <p>A heartbeat in flight is interrupted and waited for at most about two seconds; its counters
   * stay and are persisted. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (lifecycle) {
      if (nextHeartbeat != null) {
        nextHeartbeat.cancel(true);
      }
      if (scheduler != null && scheduler != givenScheduler) {
        scheduler.shutdownNow();
      }
    }
    boolean idle = false;
    try {
      idle = sendLock.tryLock(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      persistCounters();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Telemetry counters could not be persisted: {0}", e.toString());
    } finally {
      if (idle) {
        sendLock.unlock();
      }
      synchronized (lifecycle) {
        if (database != null) {
          database.close();
        }
      }
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  private SendResult send() {
    sendLock.lock();
    try {
      if (closed.get()) {
        return SendResult.notSent(SendResult.Status.FAILED, "the telemetry service is closed");
      }
      HostConfig config = currentConfig();
      OptOutDecision decision = OptOut.decide(process.env(), config.telemetryEnabled());
      if (!decision.enabled() || version.isEmpty()) {
        return SendResult.notSent(SendResult.Status.DISABLED, disabledDetail(decision));
      }
      return sendEnabled(version.get());
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "Telemetry heartbeat not sent, local database: {0}", e.getMessage());
      return SendResult.notSent(SendResult.Status.FAILED, "local database: " + e.getMessage());
    } catch (ConfigException e) {
      LOG.log(Level.WARNING, "Telemetry heartbeat not sent, config: {0}", e.getMessage());
      return SendResult.notSent(SendResult.Status.FAILED, "config: " + e.getMessage());
    } finally {
      sendLock.unlock();
    }
  }

  private SendResult sendEnabled(String reportedVersion) throws ConfigException {
    TelemetryDatabase db = openDatabase();
    restoreCounters(db);
    Instant now = clock.instant();
    IdentityAndConfig current = ensureIdentity(now);
    ActivationStore store = db.activationStore();
    if (process.launchSource() == LaunchSource.INSTALLER && !store.isInstallerFlagEverSet()) {
      store.setInstallerPending(true);
    }
    boolean installerPending = store.isInstallerPending();
    RegistrySnapshot sent = registry.snapshot();
    HeartbeatPayload payload =
        assemble(
            current.config(),
            current.identity(),
            sent,
            now,
            launchSource(installerPending, true),
            store.load());
    byte[] json = PayloadWriter.toJson(payload);

    Optional<AnonymityViolation> violation = scanner().scan(json);
    if (violation.isPresent()) {
      registry.recordAnonymityViolation();
      AnonymityViolation v = violation.get();
      LOG.log(
          Level.ERROR,
          "Telemetry heartbeat skipped by the anonymity scanner: rule {0}, pattern {1}",
          v.rule().wireName(),
          v.pattern());
      return SendResult.notSent(
          SendResult.Status.BLOCKED,
          "anonymity scanner: " + v.rule().wireName() + " (" + v.pattern() + ")");
    }

    EndpointResult result = transport().postHeartbeat(json);
    if (result.isSuccess()) {
      registry.subtract(sent);
      if (installerPending) {
        store.setInstallerPending(false);
      }
      try {
        configFile.updateTelemetry(t -> t.withLastReportedVersion(reportedVersion));
      } catch (ConfigException e) {
        LOG.log(
            Level.WARNING, "Telemetry could not record the reported version: {0}", e.getMessage());
      }
    } else {
      LOG.log(Level.WARNING, "Telemetry heartbeat not accepted: {0}", result.describe());
    }
    appendToLog(
        db,
        new SentHeartbeat(
            now,
            result.statusCode(),
            result.failure().orElse(null),
            new String(json, StandardCharsets.UTF_8)));

    SendResult.Status status =
        result.isSuccess()
            ? SendResult.Status.ACCEPTED
            : result.statusCode() == 0 ? SendResult.Status.FAILED : SendResult.Status.REJECTED;
    return new SendResult(status, result.statusCode(), result.describe(), result.retryAfter());
  }

  private static void appendToLog(TelemetryDatabase db, SentHeartbeat entry) {
    try {
      db.heartbeatLog().append(entry);
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "Telemetry heartbeat log not written: {0}", e.getMessage());
    }
  }

  private record IdentityAndConfig(AnonymousIdentity identity, HostConfig config) {}

  /** Makes sure a current anonymous id is persisted, creating or rotating it when needed. */
  private IdentityAndConfig ensureIdentity(Instant now) throws ConfigException {
    HostConfig config = currentConfig();
    String candidate = nextId.get();
    AnonymousIdentity stored = resolveIdentity(config, now, candidate);
    if (isPersisted(stored, config)) {
      return new IdentityAndConfig(stored, config);
    }
    AtomicReference<AnonymousIdentity> chosen = new AtomicReference<>();
    HostConfig updated =
        configFile.updateTelemetry(
            settings -> {
              AnonymousIdentity identity =
                  AnonymousIdentity.resolve(
                      settings.anonymousId(),
                      settings.anonymousIdCreatedAt(),
                      now,
                      () -> candidate);
              chosen.set(identity);
              return settings
                  .withAnonymousId(identity.id())
                  .withAnonymousIdCreatedAt(PayloadWriter.formatTimestamp(identity.createdAt()));
            });
    lastGoodConfig = updated;
    AnonymousIdentity identity = chosen.get();
    if (identity.id().equals(candidate)) {
      nextId.compareAndSet(candidate, AnonymousIdentity.newId());
      LOG.log(Level.INFO, "Telemetry uses a new anonymous id");
    }
    return new IdentityAndConfig(identity, updated);
  }

  private static AnonymousIdentity resolveIdentity(
      HostConfig config, Instant now, String candidate) {
    return AnonymousIdentity.resolve(
        config.anonymousId().orElse(null),
        config.anonymousIdCreatedAt().orElse(null),
        now,
        () -> candidate);
  }

  private static boolean isPersisted(AnonymousIdentity identity, HostConfig config) {
    return config.anonymousId().filter(identity.id()::equals).isPresent()
        && config
            .anonymousIdCreatedAt()
            .flatMap(AnonymousIdentity::parseCreatedAt)
            .filter(identity.createdAt()::equals)
            .isPresent();
  }

  // ---- payload -----------------------------------------------------------------------------

  private HeartbeatPayload assemble(
      HostConfig config,
      AnonymousIdentity identity,
      RegistrySnapshot counters,
      Instant now,
      LaunchSource launchSource,
      ActivationState activation) {
    RuntimeStats stats = runtimeStats != null ? runtimeStats : new ConfigRuntimeStats(config);
    EnvDetection detection = process.envDetection();
    String reportedVersion = version.orElse(rawVersion);
    long uptimeHours = Math.max(0, Duration.between(builtAt, now).toHours());
    ActivationState withIdes =
        new ActivationState(
            activation.firstConnectedServerEver(),
            activation.firstMcpClientEver(),
            activation.firstRetrieveToolsCallEver(),
            activation.mcpClientsSeenEver(),
            activation.retrieveToolsCalls24h(),
            activation.estimatedTokensSaved24hBucket(),
            Math.max(0, configuredIdeCount.getAsInt()));
    return HeartbeatPayload.builder()
        .anonymousId(identity.id())
        .version(reportedVersion)
        .edition(edition)
        .os(process.goOs())
        .arch(process.goArch())
        .goVersion(process.runtimeVersion())
        .serverCount(Math.max(0, stats.serverCount()))
        .connectedServerCount(Math.max(0, stats.connectedServerCount()))
        .toolCount(Math.max(0, stats.toolCount()))
        .uptimeHours(uptimeHours)
        .routingMode(Objects.requireNonNullElse(stats.routingMode(), config.routingMode()))
        .quarantineEnabled(stats.quarantineEnabled())
        .timestamp(now)
        .anonymousIdCreatedAt(identity.createdAt())
        .currentVersion(reportedVersion)
        .previousVersion(config.lastReportedVersion().orElse(""))
        .lastStartupOutcome(
            config.lastStartupOutcome().flatMap(StartupOutcome::fromWireName).orElse(null))
        .surfaceRequests(counters.surfaceRequests())
        .builtinToolCalls(counters.builtinToolCalls())
        .upstreamToolCallCountBucket(counters.upstreamToolCallCountBucket())
        .restEndpointCalls(counters.restEndpointCalls())
        .featureFlags(FeatureFlags.snapshot(config).withDockerAvailable(stats.dockerAvailable()))
        .errorCategoryCounts(counters.errorCategoryCounts())
        .doctorChecks(counters.doctorChecks())
        .serverProtocolCounts(ServerProtocols.count(config))
        .serverDockerIsolatedCount(Math.max(0, stats.dockerIsolatedServerCount()))
        .envKind(detection.kind())
        .envMarkers(detection.markers())
        .activation(withIdes)
        .launchSource(launchSource)
        .autostartEnabled(autostartReader.flatMap(AutostartReader::read).orElse(null))
        .build();
  }

  /**
   * The launch source to report: {@code installer} while the one-shot is pending or about to be
   * set; once it was consumed, the detection as if {@code MCPPROXY_LAUNCHED_BY} were unset.
   */
  private LaunchSource launchSource(boolean installerPending, boolean installerFlagEverSet) {
    if (installerPending) {
      return LaunchSource.INSTALLER;
    }
    LaunchSource detected = process.launchSource();
    if (detected != LaunchSource.INSTALLER) {
      return detected;
    }
    if (!installerFlagEverSet) {
      return LaunchSource.INSTALLER;
    }
    Map<String, String> withoutInstaller = new HashMap<>(process.env());
    withoutInstaller.remove(LAUNCHED_BY_VARIABLE);
    boolean terminal = process.envDetection().markers().hasTty();
    return LaunchSourceDetector.detect(withoutInstaller, null, null, () -> terminal);
  }

  private FeedbackContext feedbackContext(HostConfig config) {
    RuntimeStats stats = runtimeStats != null ? runtimeStats : new ConfigRuntimeStats(config);
    return new FeedbackContext(
        version.orElse(rawVersion),
        edition.wireName(),
        process.goOs(),
        process.goArch(),
        Math.max(0, stats.serverCount()),
        Math.max(0, stats.connectedServerCount()),
        Objects.requireNonNullElse(stats.routingMode(), config.routingMode()));
  }

  private static String disabledDetail(OptOutDecision decision) {
    return decision.enabled()
        ? "telemetry is off: the host version is not semver"
        : "telemetry is off, decided by " + decision.decidedBy();
  }

  // ---- loop --------------------------------------------------------------------------------

  private void scheduleNext(Duration delay) {
    synchronized (lifecycle) {
      if (closed.get()) {
        return;
      }
      nextHeartbeat =
          scheduler().schedule(this::heartbeat, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void heartbeat() {
    SendResult result;
    try {
      result = send();
    } catch (RuntimeException e) {
      // A failing host callback must not end the loop.
      LOG.log(Level.WARNING, "Telemetry heartbeat failed: {0}", e.toString());
      result = SendResult.notSent(SendResult.Status.FAILED, e.getClass().getSimpleName());
    }
    scheduleNext(nextDelay(result));
  }

  private Duration nextDelay(SendResult result) {
    sendLock.lock();
    try {
      switch (result.status()) {
        case ACCEPTED:
          consecutiveFailures = 0;
          return retrySchedule.nextDelay(Outcome.SUCCESS, 0, Optional.empty());
        case REJECTED:
        case FAILED:
          consecutiveFailures++;
          Optional<Duration> retryAfter =
              result.httpStatus() == 429 || result.httpStatus() == 503
                  ? result.retryAfter()
                  : Optional.empty();
          return retrySchedule.nextDelay(Outcome.FAILURE, consecutiveFailures, retryAfter);
        default:
          consecutiveFailures = 0;
          return retrySchedule.nextDelay(Outcome.SKIPPED, 0, Optional.empty());
      }
    } finally {
      sendLock.unlock();
    }
  }

  // ---- lazily created parts ----------------------------------------------------------------

  private HostConfig currentConfig() {
    try {
      HostConfig config = configFile.read();
      lastGoodConfig = config;
      return config;
    } catch (ConfigException e) {
      LOG.log(Level.WARNING, "Telemetry keeps the last readable config: {0}", e.getMessage());
      return lastGoodConfig;
    }
  }

  private TelemetryDatabase openDatabase() {
    synchronized (lifecycle) {
      if (database == null) {
        if (closed.get()) {
          throw new IllegalStateException("the telemetry service is closed");
        }
        database = TelemetryDatabase.open(dataDir, clock);
      }
      return database;
    }
  }

  /** The database when it is open or its file exists; never creates it. */
  private Optional<TelemetryDatabase> existingDatabase() {
    synchronized (lifecycle) {
      if (database != null) {
        return Optional.of(database);
      }
      if (closed.get() || !Files.isRegularFile(dataDir.resolve(TelemetryDatabase.FILE_NAME))) {
        return Optional.empty();
      }
      return Optional.of(openDatabase());
    }
  }

  private Optional<ActivationStore> existingActivationStore() {
    synchronized (lifecycle) {
      if (activationStore != null) {
        return Optional.of(activationStore);
      }
    }
    return existingDatabase().map(TelemetryDatabase::activationStore);
  }

  private RateLimiter feedbackLimiter() {
    synchronized (lifecycle) {
      if (feedbackLimiter == null) {
        feedbackLimiter = openDatabase().feedbackRateLimiter(FEEDBACK_PER_HOUR);
      }
      return feedbackLimiter;
    }
  }

  private TelemetryEndpoint transport() {
    synchronized (lifecycle) {
      if (endpoint == null) {
        HttpClient client =
            givenHttpClient != null
                ? givenHttpClient
                : TelemetryEndpoint.defaultClient(requestTimeout);
        endpoint = new TelemetryEndpoint(endpointUri, client, requestTimeout, clock);
      }
      return endpoint;
    }
  }

  private AnonymityScanner scanner() {
    synchronized (lifecycle) {
      if (scanner == null) {
        scanner =
            new AnonymityScanner(
                BlockedValues.fromProcess(
                    process.hostname(), process.homeDirectory(), process.env()));
      }
      return scanner;
    }
  }

  private ScheduledExecutorService scheduler() {
    synchronized (lifecycle) {
      if (scheduler == null) {
        scheduler =
            givenScheduler != null
                ? givenScheduler
                : Executors.newSingleThreadScheduledExecutor(
                    task -> {
                      Thread thread = new Thread(task, "mcpproxy-telemetry-heartbeat");
                      thread.setDaemon(true);
                      return thread;
                    });
      }
      return scheduler;
    }
  }

  private void restoreCounters(TelemetryDatabase db) {
    synchronized (lifecycle) {
      if (countersRestored) {
        return;
      }
      Optional<String> persisted = db.pendingCounters().take();
      countersRestored = true;
      try {
        persisted.map(RegistrySnapshot::fromJson).ifPresent(registry::add);
      } catch (IllegalArgumentException e) {
        LOG.log(
            Level.WARNING, "Telemetry dropped unreadable persisted counters: {0}", e.getMessage());
      }
    }
  }

  private void persistCounters() {
    if (!enabled()) {
      return;
    }
    RegistrySnapshot snapshot = registry.snapshot();
    boolean restored;
    synchronized (lifecycle) {
      restored = countersRestored;
    }
    if (snapshot.isEmpty()) {
      return;
    }
    TelemetryDatabase db;
    synchronized (lifecycle) {
      db = database != null ? database : TelemetryDatabase.open(dataDir, clock);
      database = db;
    }
    if (!restored) {
      // Counters another run persisted and this one never restored are kept, not overwritten.
      Optional<RegistrySnapshot> earlier =
          db.pendingCounters().take().map(RegistrySnapshot::fromJson);
      if (earlier.isPresent()) {
        CounterRegistry merged = new CounterRegistry();
        merged.add(earlier.get());
        merged.add(snapshot);
        snapshot = merged.snapshot();
      }
    }
    db.pendingCounters().save(snapshot.toJson());
  }

  // ---- builder -----------------------------------------------------------------------------

  /**
   * Assembles a {@link TelemetryService}. Every setter rejects {@code null} and bad values at once,
   * with a message naming the value.
   */
  public static final class Builder {
    private Path configFile;
    private String version = "";
    private Edition edition = Edition.PERSONAL;
    private Path dataDir;
    private ProcessEnvironment processEnvironment;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private HttpClient httpClient;
    private URI endpoint;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration interval = RetrySchedule.DEFAULT_INTERVAL;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private RuntimeStats runtimeStats;
    private IntSupplier configuredIdeCount = () -> 0;
    private AutostartReader autostartReader;
    private RandomGenerator random;

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
      HostConfig config = new ConfigFile(configFile).read();
      return new TelemetryService(this, process, config);
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
