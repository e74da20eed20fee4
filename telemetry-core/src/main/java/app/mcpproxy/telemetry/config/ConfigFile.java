package app.mcpproxy.telemetry.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The host's config file on disk: reads it, and changes its telemetry keys without touching
 * anything else.
 *
 * <p>{@link #updateTelemetry} is safe against other threads, other {@code ConfigFile} instances and
 * other processes that use this class (an in-process lock plus an OS lock on the sibling file
 * {@code <name>.lock}), and it re-reads the file under the lock, so it never overwrites what
 * another writer saved before. A host that writes the file without the lock is detected when the
 * file changed between the re-read and the replacement; the update is then redone on the new
 * content.
 *
 * <p>Writes keep every other key, its value and the key order; scalars keep their exact source text
 * ({@code 1.0}, {@code 1e3}, big integers, escapes). The file is written indented with two spaces
 * like mcpproxy writes it, atomically (a temporary file in the same directory renamed over the old
 * one), and private: mode {@code 0600} where the file system is POSIX. A symbolic link is followed
 * and its target replaced.
 *
 * <p>A file that is not valid UTF-8 or JSON, or whose top level is not an object, is never
 * rewritten: reads and updates throw a {@link ConfigException} naming the file, line and column. A
 * missing file and an empty (or whitespace-only) file are both read as an empty config; an update
 * then writes a new file holding just the telemetry keys, as there is nothing to lose.
 *
 * <pre>{@code
 * ConfigFile file = new ConfigFile(ConfigFile.defaultPath(home));
 * file.updateTelemetry(settings -> settings.withEnabled(false));
 * }</pre>
 */
public final class ConfigFile {
  private static final System.Logger LOG = System.getLogger(ConfigFile.class.getName());

  /** Files larger than this are refused rather than read into memory. */
  static final int MAX_SIZE_BYTES = 16 * 1024 * 1024;

  private static final int MAX_ATTEMPTS = 5;
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwx------");

  private final Path path;

  /**
   * Creates a handle on a config file; nothing is read until asked.
   *
   * @param path the file, such as {@link #defaultPath(Path)}; need not exist
   */
  public ConfigFile(Path path) {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    if (this.path.getFileName() == null) {
      throw new IllegalArgumentException("config path has no file name: " + path);
    }
  }

  /**
   * Returns mcpproxy's default config location.
   *
   * @param home the user's home directory
   * @return {@code home/.mcpproxy/mcp_config.json}
   */
  public static Path defaultPath(Path home) {
    return Objects.requireNonNull(home, "home").resolve(".mcpproxy").resolve("mcp_config.json");
  }

  /**
   * Returns the file this handle reads and writes.
   *
   * @return the absolute path
   */
  public Path path() {
    return path;
  }

  /**
   * Reads the file without locking; atomic replacement means a read never sees half a write.
   *
   * @return the config; an empty config when the file is missing or blank
   * @throws ConfigException when the file cannot be read, is not UTF-8 or not a JSON object
   */
  public HostConfig read() throws ConfigException {
    try {
      return parse(readBytes().orElse(null));
    } catch (IOException e) {
      throw new ConfigException(source(), "cannot read: " + describe(e), e);
    }
  }

  /**
   * Changes telemetry keys: under the locks, re-reads the file, applies {@code change} to its
   * telemetry settings and writes back only the keys whose value changed.
   *
   * <p>When nothing changed the file is left alone (and not created). {@code change} may be applied
   * more than once, when another program wrote the file meanwhile, so it must not have side effects
   * beyond computing its result.
   *
   * @param change computes the new settings from the current ones; must not return {@code null}
   * @return the config as now on disk
   * @throws ConfigException when the file is not valid JSON (it is then left untouched), or cannot
   *     be read or written
   */
  public HostConfig updateTelemetry(UnaryOperator<TelemetrySettings> change)
      throws ConfigException {
    Objects.requireNonNull(change, "change");
    try {
      return whileLocked(() -> update(change));
    } catch (IOException e) {
      throw new ConfigException(source(), "cannot update: " + describe(e), e);
    }
  }

  @Override
  public String toString() {
    return "ConfigFile[" + path + "]";
  }

  private HostConfig update(UnaryOperator<TelemetrySettings> change)
      throws ConfigException, IOException {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      byte @Nullable [] before = readBytes().orElse(null);
      HostConfig current = parse(before);
      TelemetrySettings old = current.telemetry();
      TelemetrySettings updated =
          Objects.requireNonNull(change.apply(old), "the telemetry change returned null");
      if (updated.equals(old)) {
        return current;
      }
      JsonDocument document = current.document();
      JsonDocument edited =
          document.withRoot(TelemetrySection.apply(document.root(), old, updated));
      byte[] content = JsonTreeWriter.write(edited).getBytes(UTF_8);
      if (replaceIfUnchanged(before, content)) {
        return new HostConfig(source(), edited);
      }
      LOG.log(Level.DEBUG, "{0} changed during a telemetry update; redoing it", path);
    }
    throw new ConfigException(
        source(),
        "changed by another program during each of "
            + MAX_ATTEMPTS
            + " attempts; telemetry settings not written",
        null);
  }

  /** Writes {@code content} over the file unless its bytes differ from {@code expected}. */
  private boolean replaceIfUnchanged(byte @Nullable [] expected, byte[] content)
      throws IOException {
    Path target = Files.exists(path) ? path.toRealPath() : path;
    Path directory = parentOf(target);
    boolean posix = isPosix(directory);
    Path temp =
        Files.createTempFile(
            directory, "." + target.getFileName() + ".", ".tmp", fileAttributes(posix));
    try {
      if (posix) {
        Files.setPosixFilePermissions(temp, FILE_MODE);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (!Arrays.equals(expected, readBytes().orElse(null))) {
        return false;
      }
      move(temp, target);
      syncDirectory(directory);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      LOG.log(
          Level.WARNING,
          "the file system of {0} cannot rename atomically; replacing the file non-atomically",
          target);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename durable; not possible on every platform, so failures are ignored. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.TRACE, "cannot sync directory {0}: {1}", directory, e);
    }
  }

  private <T> T whileLocked(LockedAction<T> action) throws ConfigException, IOException {
    Path directory = parentOf(path);
    boolean posix = isPosix(directory);
    if (posix) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
    } else {
      Files.createDirectories(directory);
    }
    Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
    try (FileChannel channel =
        FileChannel.open(
            lockFile,
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            fileAttributes(posix))) {
      InProcessFileLocks.Lease lease = InProcessFileLocks.INSTANCE.acquire(lockFile.toRealPath());
      try {
        FileLock osLock = channel.lock();
        try {
          return action.run();
        } finally {
          osLock.release();
        }
      } finally {
        lease.release();
      }
    }
  }

  private Optional<byte[]> readBytes() throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] data = in.readNBytes(MAX_SIZE_BYTES + 1);
      if (data.length > MAX_SIZE_BYTES) {
        throw new IOException("larger than " + MAX_SIZE_BYTES + " bytes, not a config file");
      }
      return Optional.of(data);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private HostConfig parse(byte @Nullable [] bytes) throws ConfigException {
    if (bytes == null) {
      return new HostConfig(source(), JsonDocument.empty());
    }
    return HostConfig.parse(decodeUtf8(bytes), source());
  }

  private String decodeUtf8(byte[] bytes) throws ConfigException {
    CharsetDecoder decoder =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never decodes to more chars than it has bytes, so the buffer cannot overflow.
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (result.isError()) {
      int line = 1;
      int column = 1;
      for (int i = 0; i < out.length(); i++) {
        if (out.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new ConfigException(
          source(), line, column, "not valid UTF-8 (byte offset " + in.position() + ")", null);
    }
    return out.toString();
  }

  private String source() {
    return path.toString();
  }

  /** An absolute path with a file name, as this class keeps, always has a parent. */
  private static Path parentOf(Path absoluteFile) {
    return Objects.requireNonNull(absoluteFile.getParent(), "parent of an absolute file path");
  }

  private static boolean isPosix(Path anyPathOnFileSystem) {
    return anyPathOnFileSystem.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] fileAttributes(boolean posix) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
        : new FileAttribute<?>[0];
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  @FunctionalInterface
  private interface LockedAction<T> {
    T run() throws ConfigException, IOException;
  }
}
