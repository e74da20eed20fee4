package app.mcpproxy.telemetry.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Probes the default file system; only a definite "no such file" answers {@code false}. */
enum SystemFileProber implements FileProber {
  INSTANCE;

  @Override
  public boolean exists(String path) {
    Path file = Path.of(path);
    try {
      Files.readAttributes(file, BasicFileAttributes.class);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException | SecurityException e) {
      return true;
    }
  }
}
