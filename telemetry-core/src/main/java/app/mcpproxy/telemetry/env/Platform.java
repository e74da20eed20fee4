package app.mcpproxy.telemetry.env;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names the platform in Go's vocabulary, so heartbeats from the JVM compare with those from Go.
 *
 * <pre>{@code
 * String os = Platform.goOs(System.getProperty("os.name"));     // "linux", "darwin", "windows"
 * String arch = Platform.goArch(System.getProperty("os.arch")); // "amd64", "arm64"
 * String runtime = Platform.runtimeVersion();                   // "java17.0.15"
 * }</pre>
 */
public final class Platform {
  /** What a heartbeat carries in place of a value outside a field's vocabulary. */
  public static final String UNKNOWN = "unknown";

  // Every GOOS and GOARCH Go knows, so the os and arch fields stay comparable with Go hosts.
  private static final Set<String> GO_OPERATING_SYSTEMS =
      Set.of(
          "aix",
          "android",
          "darwin",
          "dragonfly",
          "freebsd",
          "hurd",
          "illumos",
          "ios",
          "js",
          "linux",
          "nacl",
          "netbsd",
          "openbsd",
          "plan9",
          "solaris",
          "wasip1",
          "windows",
          "zos");
  private static final Set<String> GO_ARCHITECTURES =
      Set.of(
          "386",
          "amd64",
          "amd64p32",
          "arm",
          "armbe",
          "arm64",
          "arm64be",
          "loong64",
          "mips",
          "mipsle",
          "mips64",
          "mips64le",
          "mips64p32",
          "mips64p32le",
          "ppc",
          "ppc64",
          "ppc64le",
          "riscv",
          "riscv64",
          "s390",
          "s390x",
          "sparc",
          "sparc64",
          "wasm");
  private static final Pattern RUNTIME_VERSION =
      Pattern.compile("java[0-9]{1,4}(?:\\.[0-9]{1,6}){0,3}");

  private Platform() {}

  /**
   * Returns every {@code os} value a heartbeat may carry besides {@link #UNKNOWN}: Go's {@code
   * GOOS} names.
   *
   * @return an immutable set
   */
  public static Set<String> operatingSystems() {
    return GO_OPERATING_SYSTEMS;
  }

  /**
   * Returns every {@code arch} value a heartbeat may carry besides {@link #UNKNOWN}: Go's {@code
   * GOARCH} names.
   *
   * @return an immutable set
   */
  public static Set<String> architectures() {
    return GO_ARCHITECTURES;
  }

  /**
   * Returns the operating system as a heartbeat may carry it: one of Go's {@code GOOS} values, else
   * {@link #UNKNOWN}.
   *
   * @param goOs the operating system, such as {@link #goOs(String)} gives; may be {@code null}
   * @return {@code goOs} itself when Go knows it, else {@code unknown}
   */
  public static String reportableOs(String goOs) {
    return goOs != null && GO_OPERATING_SYSTEMS.contains(goOs) ? goOs : UNKNOWN;
  }

  /**
   * Returns the architecture as a heartbeat may carry it: one of Go's {@code GOARCH} values, else
   * {@link #UNKNOWN}.
   *
   * @param goArch the architecture, such as {@link #goArch(String)} gives; may be {@code null}
   * @return {@code goArch} itself when Go knows it, else {@code unknown}
   */
  public static String reportableArch(String goArch) {
    return goArch != null && GO_ARCHITECTURES.contains(goArch) ? goArch : UNKNOWN;
  }

  /**
   * Returns the runtime description as a heartbeat may carry it: {@code java} followed by numbers
   * and dots, such as {@code java17.0.15}, else {@link #UNKNOWN}.
   *
   * @param runtimeVersion the description, such as {@link #runtimeVersion()} gives; may be {@code
   *     null}
   * @return {@code runtimeVersion} itself when it has that shape, else {@code unknown}
   */
  public static String reportableRuntimeVersion(String runtimeVersion) {
    return runtimeVersion != null && RUNTIME_VERSION.matcher(runtimeVersion).matches()
        ? runtimeVersion
        : UNKNOWN;
  }

  /**
   * Maps a JVM {@code os.name} to Go's {@code GOOS}: {@code Linux} to {@code linux}, {@code Mac OS
   * X} to {@code darwin}, any {@code Windows …} to {@code windows}, {@code FreeBSD}, {@code
   * OpenBSD} and {@code NetBSD} to their lower-case names; anything else is lower-cased with
   * everything but letters and digits removed ({@code SunOS} gives {@code sunos}).
   *
   * @param osName the value of the {@code os.name} system property
   * @return the operating system in Go's vocabulary
   * @throws NullPointerException when {@code osName} is {@code null}
   * @throws IllegalArgumentException when {@code osName} holds no letter or digit
   */
  public static String goOs(String osName) {
    Objects.requireNonNull(osName, "osName");
    String name = osName.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("mac") || name.startsWith("darwin")) {
      return "darwin";
    }
    if (name.startsWith("windows")) {
      return "windows";
    }
    if (name.startsWith("dragonfly")) {
      return "dragonfly";
    }
    String compact = name.replaceAll("[^a-z0-9]", "");
    if (compact.isEmpty()) {
      throw new IllegalArgumentException("os.name '" + osName + "' names no operating system");
    }
    return compact;
  }

  /**
   * Maps a JVM {@code os.arch} to Go's {@code GOARCH}: {@code amd64} and {@code x86_64} to {@code
   * amd64}, {@code aarch64} and {@code arm64} to {@code arm64}, {@code x86} and {@code i386}
   * through {@code i686} to {@code 386}, {@code arm} to {@code arm}; anything else is returned as
   * it is.
   *
   * @param osArch the value of the {@code os.arch} system property
   * @return the architecture in Go's vocabulary
   * @throws NullPointerException when {@code osArch} is {@code null}
   * @throws IllegalArgumentException when {@code osArch} is blank
   */
  public static String goArch(String osArch) {
    Objects.requireNonNull(osArch, "osArch");
    if (osArch.isBlank()) {
      throw new IllegalArgumentException("os.arch '" + osArch + "' names no architecture");
    }
    return switch (osArch.strip().toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x86-64", "x64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      case "arm", "arm32" -> "arm";
      default -> osArch;
    };
  }

  /**
   * Describes the running JVM for the heartbeat's {@code go_version} field: {@code java} followed
   * by the feature, interim and update numbers, such as {@code java17.0.15}.
   *
   * @return the runtime description
   */
  public static String runtimeVersion() {
    return runtimeVersion(Runtime.version());
  }

  static String runtimeVersion(Runtime.Version version) {
    return "java" + version.feature() + "." + version.interim() + "." + version.update();
  }
}
