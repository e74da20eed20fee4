package app.mcpproxy.telemetry.env;

/** Tells whether a file exists, so container detection can be tested without a real file system. */
@FunctionalInterface
public interface FileProber {
  /**
   * Tells whether something exists at the path: a file, a directory or a link to either.
   *
   * <p>An error other than "no such file" (a permission problem, for example) counts as exists, so
   * a container whose marker cannot be inspected is not mistaken for a bare host.
   *
   * @param path an absolute path
   * @return {@code true} when the path exists or could not be ruled out
   */
  boolean exists(String path);

  /**
   * Returns the prober of the real file system.
   *
   * @return the system prober
   */
  static FileProber system() {
    return SystemFileProber.INSTANCE;
  }
}
