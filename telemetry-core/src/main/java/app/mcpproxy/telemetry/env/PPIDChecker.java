package app.mcpproxy.telemetry.env;

/** Tells whether the parent process is the operating system's login-item launcher. */
@FunctionalInterface
public interface PPIDChecker {
  /**
   * Tells whether the parent process is the launcher of login items.
   *
   * @return {@code true} when the process was started as a login item
   */
  boolean isLoginItemParent();

  /**
   * Returns the checker of the real process for an operating system.
   *
   * <p>The parent's executable name is read through {@link ProcessHandle}: {@code launchd} counts
   * on {@code darwin}, {@code explorer.exe} (any case) on {@code windows}. Every other system, and
   * a parent that is gone or cannot be inspected, answers {@code false}.
   *
   * @param goOs the operating system in Go's vocabulary, as from {@link Platform#goOs(String)}
   * @return the system checker
   * @throws NullPointerException when {@code goOs} is {@code null}
   */
  static PPIDChecker system(String goOs) {
    return ParentProcessChecker.ofCurrentProcess(goOs);
  }
}
