package app.mcpproxy.telemetry.config;

import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The host's config file could not be read, parsed or written.
 *
 * <p>The message always names the file; a syntax error also names the line and column, counted from
 * 1.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;

  /**
   * Creates an exception for a file without a position, such as an I/O failure.
   *
   * @param source the file or other source the problem is about
   * @param problem what went wrong
   * @param cause the underlying exception, may be {@code null}
   */
  public ConfigException(String source, String problem, @Nullable Throwable cause) {
    super(Objects.requireNonNull(source, "source") + ": " + problem, cause);
    this.source = source;
    this.line = 0;
    this.column = 0;
  }

  /**
   * Creates an exception for a syntax error at a position.
   *
   * @param source the file or other source the problem is about
   * @param line the 1-based line
   * @param column the 1-based column
   * @param problem what is wrong at that position
   * @param cause the underlying exception, may be {@code null}
   */
  public ConfigException(
      String source, int line, int column, String problem, @Nullable Throwable cause) {
    super(
        Objects.requireNonNull(source, "source")
            + ": line "
            + line
            + ", column "
            + column
            + ": "
            + problem,
        cause);
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException(
          "line and column start at 1, got line " + line + ", column " + column);
    }
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /**
   * Returns the file or other source the problem is about.
   *
   * @return the source name, as given to the parser
   */
  public String source() {
    return source;
  }

  /**
   * Returns the line of a syntax error.
   *
   * @return the 1-based line, or empty when the problem has no position
   */
  public OptionalInt line() {
    return line == 0 ? OptionalInt.empty() : OptionalInt.of(line);
  }

  /**
   * Returns the column of a syntax error.
   *
   * @return the 1-based column, or empty when the problem has no position
   */
  public OptionalInt column() {
    return column == 0 ? OptionalInt.empty() : OptionalInt.of(column);
  }
}
