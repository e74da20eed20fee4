package app.mcpproxy.telemetry.env;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the machine's host name without ever blocking the caller for long.
 *
 * <p>{@link InetAddress#getLocalHost()} resolves the name, which can stall for a long time on a
 * machine with broken name resolution; the lookup therefore runs on its own daemon thread and is
 * abandoned after a timeout, falling back to {@code HOSTNAME} or {@code COMPUTERNAME}.
 */
final class HostnameLookup {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final System.Logger LOG = System.getLogger(HostnameLookup.class.getName());

  private final Callable<String> resolver;
  private final Duration timeout;
  private final Map<String, String> env;

  HostnameLookup(Callable<String> resolver, Duration timeout, Map<String, String> env) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.env = Objects.requireNonNull(env, "env");
  }

  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  static HostnameLookup ofSystem(Map<String, String> env) {
    return new HostnameLookup(() -> systemHostname(KERNEL_HOSTNAME), DEFAULT_TIMEOUT, env);
  }

  /**
   * Reads the kernel's host name where the system exposes it as a file, which asks no name service;
   * elsewhere asks {@link InetAddress#getLocalHost()}, which may query DNS for the machine's name.
   */
  static String systemHostname(Path kernelHostname) throws IOException {
    if (Files.isReadable(kernelHostname)) {
      String name = Files.readString(kernelHostname).strip();
      if (!name.isEmpty()) {
        return name;
      }
    }
    return InetAddress.getLocalHost().getHostName();
  }

  /** Returns the host name, or empty when neither the resolver nor the environment knows it. */
  Optional<String> find() {
    return resolve().or(this::fromEnvironment);
  }

  private Optional<String> resolve() {
    CompletableFuture<String> lookup = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                lookup.complete(resolver.call());
              } catch (Exception e) {
                lookup.completeExceptionally(e);
              }
            },
            "mcpproxy-telemetry-hostname");
    thread.setDaemon(true);
    thread.start();
    try {
      return nonBlank(lookup.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      LOG.log(Level.DEBUG, "host name lookup took longer than {0}; using the environment", timeout);
      return Optional.empty();
    } catch (ExecutionException e) {
      LOG.log(Level.DEBUG, "host name lookup failed; using the environment");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<String> fromEnvironment() {
    return EnvVariables.trimmed(env, "HOSTNAME")
        .or(() -> EnvVariables.trimmed(env, "COMPUTERNAME"));
  }

  private static Optional<String> nonBlank(String name) {
    return name == null || name.isBlank() ? Optional.empty() : Optional.of(name.strip());
  }
}
