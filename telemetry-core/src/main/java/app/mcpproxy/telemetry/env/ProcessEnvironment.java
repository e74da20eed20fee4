package app.mcpproxy.telemetry.env;

import app.mcpproxy.telemetry.internal.Once;
import app.mcpproxy.telemetry.model.LaunchSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The process the telemetry runs in: its variables, platform, host name, home directory and the
 * probes behind environment and launch-source detection.
 *
 * <p>The host builds one with {@link #system()} at start-up and passes it along; tests build their
 * own with {@link #builder()}. Detection runs on first use and at most once per instance, however
 * many threads ask; the host name is looked up the same way.
 *
 * <pre>{@code
 * ProcessEnvironment process = ProcessEnvironment.system();
 * EnvKind kind = process.envDetection().kind();
 * LaunchSource source = process.launchSource();
 * }</pre>
 */
public final class ProcessEnvironment {
  private final Map<String, String> env;
  private final String goOs;
  private final String goArch;
  private final String runtimeVersion;
  private final @Nullable Path homeDirectory;
  private final Supplier<Optional<String>> hostname;
  private final Supplier<EnvDetection> envDetection;
  private final Supplier<LaunchSource> launchSource;
  private final Supplier<LaunchSource> launchSourceIgnoringInstaller;

  private ProcessEnvironment(
      Map<String, String> env,
      String goOs,
      String goArch,
      String runtimeVersion,
      @Nullable Path homeDirectory,
      Supplier<Optional<String>> hostname,
      FileProber fileProber,
      TTYChecker tty,
      HandshakeChecker handshake,
      PPIDChecker ppid) {
    this.env = env;
    this.goOs = goOs;
    this.goArch = goArch;
    this.runtimeVersion = runtimeVersion;
    this.homeDirectory = homeDirectory;
    this.hostname = new Once<>(hostname);
    this.envDetection = new Once<>(() -> EnvKindDetector.detect(env, fileProber, goOs, tty));
    this.launchSource = new Once<>(() -> LaunchSourceDetector.detect(env, handshake, ppid, tty));
    this.launchSourceIgnoringInstaller =
        new Once<>(
            () -> {
              LaunchSource detected = launchSource.get();
              if (detected != LaunchSource.INSTALLER) {
                // The variable decided nothing, so the detection without it is this one.
                return detected;
              }
              Map<String, String> withoutInstaller = new HashMap<>(env);
              withoutInstaller.remove(LaunchSourceDetector.LAUNCHED_BY);
              return LaunchSourceDetector.detect(withoutInstaller, handshake, ppid, tty);
            });
  }

  /**
   * Describes the running process: {@link System#getenv()}, the {@code os.name}, {@code os.arch}
   * and {@code user.home} properties, the real file system, terminal and parent process, and no
   * tray handshake.
   *
   * @return the environment of this process
   */
  public static ProcessEnvironment system() {
    // Already unmodifiable, and on Windows its look-ups ignore case as the system's do.
    Map<String, String> env = System.getenv();
    String goOs = Platform.goOs(System.getProperty("os.name", ""));
    HostnameLookup lookup = HostnameLookup.ofSystem(env);
    return new ProcessEnvironment(
        env,
        goOs,
        Platform.goArch(System.getProperty("os.arch", "")),
        Platform.runtimeVersion(),
        homeDirectoryOf(env, System.getProperty("user.home")).orElse(null),
        lookup::find,
        FileProber.system(),
        TTYChecker.system(),
        HandshakeChecker.none(),
        PPIDChecker.system(goOs));
  }

  /**
   * Starts a builder whose every part is inert until set: no variables, {@code linux} on {@code
   * amd64}, no marker files, no terminal, no tray handshake, no login-item parent. The runtime
   * version, the host name and the home directory are the real ones unless replaced, so that the
   * anonymity scanner always knows this machine's own names.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the environment variables.
   *
   * @return an unmodifiable map of the variables
   */
  public Map<String, String> env() {
    return env;
  }

  /**
   * Returns the operating system in Go's vocabulary.
   *
   * @return {@code linux}, {@code darwin}, {@code windows}, ...
   */
  public String goOs() {
    return goOs;
  }

  /**
   * Returns the architecture in Go's vocabulary.
   *
   * @return {@code amd64}, {@code arm64}, ...
   */
  public String goArch() {
    return goArch;
  }

  /**
   * Returns the runtime description for the heartbeat's {@code go_version} field.
   *
   * @return the runtime, such as {@code java17.0.15}
   */
  public String runtimeVersion() {
    return runtimeVersion;
  }

  /**
   * Returns the machine's host name; looked up on first call, within a bounded time, falling back
   * to the {@code HOSTNAME} or {@code COMPUTERNAME} variable.
   *
   * @return the host name, or empty when unknown
   */
  public Optional<String> hostname() {
    return hostname.get();
  }

  /**
   * Returns the user's home directory.
   *
   * @return the home directory, or empty when unknown
   */
  public Optional<Path> homeDirectory() {
    return Optional.ofNullable(homeDirectory);
  }

  /**
   * Returns the environment kind and its markers, detected on first call and then kept.
   *
   * @return the detection, the same for every call
   */
  public EnvDetection envDetection() {
    return envDetection.get();
  }

  /**
   * Returns how the process was started, detected on first call and then kept.
   *
   * @return the launch source, the same for every call
   */
  public LaunchSource launchSource() {
    return launchSource.get();
  }

  /**
   * Returns how the process was started as if {@code MCPPROXY_LAUNCHED_BY} were unset: tray,
   * login_item, cli or unknown, never installer. Detected on first call and then kept.
   *
   * <p>The installer's launch is reported once; later heartbeats of the same process report this.
   *
   * @return the launch source other than the installer, the same for every call
   */
  public LaunchSource launchSourceIgnoringInstaller() {
    return launchSourceIgnoringInstaller.get();
  }

  /** Names the platform only: variables, host name and home directory stay out of logs. */
  @Override
  public String toString() {
    return "ProcessEnvironment[" + goOs + "/" + goArch + ", " + runtimeVersion + "]";
  }

  /**
   * Resolves the home directory the way a shell user expects, for the library and the CLI alike:
   * {@code $HOME} when it is set and not blank, else the JVM's {@code user.home}.
   *
   * @param env the environment variables
   * @param userHomeProperty the value of the {@code user.home} system property; may be {@code null}
   * @return the home directory, or empty when neither names a usable path
   */
  public static Optional<Path> homeDirectoryOf(
      Map<String, String> env, @Nullable String userHomeProperty) {
    Path fromEnv = pathOf(env.get("HOME"));
    return fromEnv != null ? Optional.of(fromEnv) : Optional.ofNullable(pathOf(userHomeProperty));
  }

  private static @Nullable Path pathOf(@Nullable String value) {
    if (value == null || value.isBlank() || value.equals("?")) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** Builds a {@link ProcessEnvironment} from given parts, for tests and for embedding hosts. */
  public static final class Builder {
    private Map<String, String> env = Map.of();
    private String goOs = "linux";
    private String goArch = "amd64";
    private String runtimeVersion = Platform.runtimeVersion();
    private FileProber fileProber = path -> false;
    private TTYChecker tty = () -> false;
    private HandshakeChecker handshake = HandshakeChecker.none();
    private PPIDChecker ppid = () -> false;
    private @Nullable String hostname;
    private @Nullable Path homeDirectory;

    private Builder() {}

    /**
     * Sets the environment variables; the map is copied.
     *
     * @param env the variables
     * @return this builder
     * @throws NullPointerException when {@code env} or one of its names or values is {@code null}
     */
    public Builder env(Map<String, String> env) {
      Objects.requireNonNull(env, "env");
      Map<String, String> copy = new LinkedHashMap<>();
      env.forEach(
          (name, value) -> {
            Objects.requireNonNull(name, "env holds a null variable name");
            Objects.requireNonNull(value, () -> "env variable " + name + " has a null value");
            copy.put(name, value);
          });
      this.env = Collections.unmodifiableMap(copy);
      return this;
    }

    /**
     * Sets the operating system.
     *
     * @param goOs the operating system in Go's vocabulary
     * @return this builder
     * @throws NullPointerException when {@code goOs} is {@code null}
     * @throws IllegalArgumentException when {@code goOs} is blank
     */
    public Builder goOs(String goOs) {
      this.goOs = requireNonBlank(goOs, "goOs");
      return this;
    }

    /**
     * Sets the architecture.
     *
     * @param goArch the architecture in Go's vocabulary
     * @return this builder
     * @throws NullPointerException when {@code goArch} is {@code null}
     * @throws IllegalArgumentException when {@code goArch} is blank
     */
    public Builder goArch(String goArch) {
      this.goArch = requireNonBlank(goArch, "goArch");
      return this;
    }

    /**
     * Sets the runtime description.
     *
     * @param runtimeVersion the runtime, such as {@code java17.0.15}
     * @return this builder
     * @throws NullPointerException when {@code runtimeVersion} is {@code null}
     * @throws IllegalArgumentException when {@code runtimeVersion} is blank
     */
    public Builder runtimeVersion(String runtimeVersion) {
      this.runtimeVersion = requireNonBlank(runtimeVersion, "runtimeVersion");
      return this;
    }

    /**
     * Sets the prober for container marker files.
     *
     * @param fileProber the prober
     * @return this builder
     * @throws NullPointerException when {@code fileProber} is {@code null}
     */
    public Builder fileProber(FileProber fileProber) {
      this.fileProber = Objects.requireNonNull(fileProber, "fileProber");
      return this;
    }

    /**
     * Sets the terminal checker.
     *
     * @param tty the checker
     * @return this builder
     * @throws NullPointerException when {@code tty} is {@code null}
     */
    public Builder tty(TTYChecker tty) {
      this.tty = Objects.requireNonNull(tty, "tty");
      return this;
    }

    /**
     * Sets the tray handshake checker.
     *
     * @param handshake the checker
     * @return this builder
     * @throws NullPointerException when {@code handshake} is {@code null}
     */
    public Builder handshake(HandshakeChecker handshake) {
      this.handshake = Objects.requireNonNull(handshake, "handshake");
      return this;
    }

    /**
     * Sets the login-item parent checker.
     *
     * @param ppid the checker
     * @return this builder
     * @throws NullPointerException when {@code ppid} is {@code null}
     */
    public Builder ppid(PPIDChecker ppid) {
      this.ppid = Objects.requireNonNull(ppid, "ppid");
      return this;
    }

    /**
     * Sets the host name.
     *
     * @param hostname the host name
     * @return this builder
     * @throws NullPointerException when {@code hostname} is {@code null}
     * @throws IllegalArgumentException when {@code hostname} is blank
     */
    public Builder hostname(String hostname) {
      this.hostname = requireNonBlank(hostname, "hostname");
      return this;
    }

    /**
     * Sets the user's home directory.
     *
     * @param homeDirectory the home directory
     * @return this builder
     * @throws NullPointerException when {@code homeDirectory} is {@code null}
     */
    public Builder homeDirectory(Path homeDirectory) {
      this.homeDirectory = Objects.requireNonNull(homeDirectory, "homeDirectory");
      return this;
    }

    /**
     * Builds the environment.
     *
     * @return a new environment; detection has not run yet
     */
    public ProcessEnvironment build() {
      Supplier<Optional<String>> name;
      if (hostname != null) {
        Optional<String> given = Optional.of(hostname);
        name = () -> given;
      } else {
        name = HostnameLookup.ofSystem(System.getenv())::find;
      }
      return new ProcessEnvironment(
          env,
          goOs,
          goArch,
          runtimeVersion,
          homeDirectory != null
              ? homeDirectory
              : homeDirectoryOf(System.getenv(), System.getProperty("user.home")).orElse(null),
          name,
          fileProber,
          tty,
          handshake,
          ppid);
    }

    private static String requireNonBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
