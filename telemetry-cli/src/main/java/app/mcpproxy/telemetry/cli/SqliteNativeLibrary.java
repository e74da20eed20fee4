package app.mcpproxy.telemetry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.util.OSInfo;

/**
 * Copies SQLite's native library for this platform out of the jar once, so that later runs load it
 * in place ({@code -Dorg.sqlite.lib.path}) instead of writing a fresh copy to the temporary
 * directory on every start.
 */
final class SqliteNativeLibrary {
  private SqliteNativeLibrary() {}

  /**
   * Extracts the library into a directory, replacing an older copy atomically.
   *
   * @param directory where to put it; created when missing
   * @return the extracted file
   * @throws IOException when the jar has no library for this platform or writing fails
   */
  static Path extract(Path directory) throws IOException {
    String name = System.mapLibraryName("sqlitejdbc");
    String resource =
        "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    try (InputStream in = OSInfo.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no SQLite native library for this platform at " + resource);
      }
      Files.createDirectories(directory);
      Path target = directory.resolve(name);
      Path partial = Files.createTempFile(directory, name, ".tmp");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    }
  }
}
