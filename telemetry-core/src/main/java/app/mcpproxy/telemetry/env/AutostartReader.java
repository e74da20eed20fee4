package app.mcpproxy.telemetry.env;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads whether the host is registered as a login item, from the sidecar file the tray application
 * writes: {@code {"enabled": true, "updated_at": "…"}}.
 *
 * <p>The answer is tri-state: {@code true}, {@code false}, or empty for unknown. Unknown is the
 * answer on Linux (which has no tray), when the file is missing, unreadable or not valid JSON, and
 * when {@code enabled} is absent, {@code null} or not a boolean. An answer read from the file is
 * kept for one hour; a missing file is not remembered, so a sidecar the tray writes later is seen
 * at the next read. Safe for use by many threads.
 *
 * <pre>{@code
 * AutostartReader autostart = AutostartReader.forHome(home, "darwin", Clock.systemUTC());
 * Optional<Boolean> enabled = autostart.read(); // empty = unknown, sent as JSON null
 * }</pre>
 */
public final class AutostartReader {
  /** How long an answer read from the sidecar is reused. */
  public static final Duration CACHE_TTL = Duration.ofHours(1);

  /** The sidecar's location under the home directory. */
  static final Path SIDECAR = Path.of(".mcpproxy", "tray-autostart.json");

  // The tray writes a few dozen bytes; anything much larger is not its file.
  private static final int MAX_SIDECAR_BYTES = 64 * 1024;

  private static final ObjectReader JSON =
      new ObjectMapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final System.Logger LOG = System.getLogger(AutostartReader.class.getName());

  private final Path sidecar;
  private final String goOs;
  private final Clock clock;

  private Optional<Boolean> cached = Optional.empty();
  private @Nullable Instant cachedAt;

  /**
   * Creates a reader of a sidecar file.
   *
   * @param sidecar the sidecar file
   * @param goOs the operating system in Go's vocabulary; on {@code linux} the answer is always
   *     unknown
   * @param clock the clock that ages the cached answer
   * @throws NullPointerException when an argument is {@code null}
   */
  public AutostartReader(Path sidecar, String goOs, Clock clock) {
    this.sidecar = Objects.requireNonNull(sidecar, "sidecar");
    this.goOs = Objects.requireNonNull(goOs, "goOs");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates a reader of {@code ~/.mcpproxy/tray-autostart.json}.
   *
   * @param home the user's home directory
   * @param goOs the operating system in Go's vocabulary
   * @param clock the clock that ages the cached answer
   * @return the reader
   * @throws NullPointerException when an argument is {@code null}
   */
  public static AutostartReader forHome(Path home, String goOs, Clock clock) {
    Objects.requireNonNull(home, "home");
    return new AutostartReader(home.resolve(SIDECAR), goOs, clock);
  }

  /**
   * Returns the sidecar file this reader reads.
   *
   * @return the sidecar path
   */
  public Path sidecar() {
    return sidecar;
  }

  /**
   * Tells whether the host is registered to start at login.
   *
   * @return {@code true} or {@code false} as the tray reports it, or empty when unknown
   */
  public synchronized Optional<Boolean> read() {
    if (goOs.equals("linux")) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (cachedAt != null && !now.isBefore(cachedAt) && now.isBefore(cachedAt.plus(CACHE_TTL))) {
      return cached;
    }
    Optional<byte[]> content = readSidecar();
    if (content.isEmpty()) {
      cachedAt = null;
      return Optional.empty();
    }
    cached = parse(content.get());
    cachedAt = now;
    return cached;
  }

  /** Returns the file's bytes, or empty when it is missing or cannot be read now. */
  private Optional<byte[]> readSidecar() {
    try (InputStream in = Files.newInputStream(sidecar)) {
      return Optional.of(in.readNBytes(MAX_SIDECAR_BYTES + 1));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      LOG.log(Level.DEBUG, "autostart sidecar cannot be read: {0}", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private static Optional<Boolean> parse(byte[] content) {
    if (content.length > MAX_SIDECAR_BYTES) {
      LOG.log(Level.DEBUG, "autostart sidecar is larger than {0} bytes", MAX_SIDECAR_BYTES);
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      LOG.log(Level.DEBUG, "autostart sidecar is not valid JSON");
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    JsonNode enabled = root.get("enabled");
    return enabled != null && enabled.isBoolean()
        ? Optional.of(enabled.booleanValue())
        : Optional.empty();
  }
}
