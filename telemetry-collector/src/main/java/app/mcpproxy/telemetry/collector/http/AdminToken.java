package app.mcpproxy.telemetry.collector.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token that unlocks reading feedback: read from a configured file, or generated once
 * into the data directory, readable by its owner only.
 */
public final class AdminToken {
  /** The file the token is generated into, in the data directory. */
  public static final String GENERATED_FILE = "collector-admin-token";

  static final int MIN_LENGTH = 16;
  private static final String BEARER = "Bearer ";

  private final byte[] token;
  private final Path file;
  private final boolean generated;

  private AdminToken(String token, Path file, boolean generated) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.file = file;
    this.generated = generated;
  }

  /**
   * Loads the configured token, or the one generated earlier, or generates a new one.
   *
   * @param configured the operator's token file, if any
   * @param dataDir where a generated token lives
   * @param random the source of a new token
   * @return the token
   */
  public static AdminToken load(Optional<Path> configured, Path dataDir, SecureRandom random) {
    if (configured.isPresent()) {
      Path file = configured.get();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("admin token file " + file + " does not exist");
      }
      return new AdminToken(read(file), file, false);
    }
    Path file = dataDir.resolve(GENERATED_FILE);
    if (Files.exists(file)) {
      return new AdminToken(read(file), file, false);
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    try {
      writePrivately(file, token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write admin token file " + file, e);
    }
    return new AdminToken(token, file, true);
  }

  public Path file() {
    return file;
  }

  public boolean generated() {
    return generated;
  }

  /**
   * Checks an {@code Authorization} header in constant time.
   *
   * @param authorization the header value, may be {@code null}
   * @return {@code true} for {@code Bearer <token>}
   */
  boolean admits(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] offered =
        authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(offered, token);
  }

  private static String read(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read admin token file " + file, e);
    }
    if (token.length() < MIN_LENGTH || token.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException(
          "admin token in "
              + file
              + " must be at least "
              + MIN_LENGTH
              + " characters without spaces");
    }
    return token;
  }

  private static void writePrivately(Path file, String token) throws IOException {
    Objects.requireNonNull(file.getParent(), "token file has no directory");
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(ownerOnly));
    } else {
      Files.createFile(temporary);
    }
    Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }
}
