package app.mcpproxy.telemetry.store;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Thrown when the telemetry database cannot be opened, read or written. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The database file; a path is not serializable, so its text is kept. */
  private final String file;

  /** What was being done. */
  private final String operation;

  /**
   * Creates the exception; the message names the file and the operation.
   *
   * @param file the database file
   * @param operation what was being done, such as {@code "append to heartbeat log"}
   * @param detail why it failed
   * @param cause the underlying failure, or {@code null}
   */
  public StoreException(
      Path file, String operation, @Nullable String detail, @Nullable Throwable cause) {
    super("telemetry database " + file + ": " + operation + " failed: " + detail, cause);
    this.file = Objects.requireNonNull(file, "file").toString();
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /**
   * Returns the database file the failure concerns.
   *
   * @return the file
   */
  public Path file() {
    return Path.of(file);
  }

  /**
   * Returns what was being done when the failure happened.
   *
   * @return the operation
   */
  public String operation() {
    return operation;
  }
}
