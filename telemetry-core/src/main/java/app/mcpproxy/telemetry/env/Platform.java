package app.mcpproxy.telemetry.env;

import java.util.Locale;
import java.util.Objects;

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
  private Platform() {}

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
