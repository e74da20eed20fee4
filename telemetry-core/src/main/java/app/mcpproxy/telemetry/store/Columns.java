package app.mcpproxy.telemetry.store;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Conversions of column values that report bad stored data as {@link SQLException}. */
final class Columns {
  private Columns() {}

  /** Parses an ISO-8601 instant stored as text in a column that must hold one. */
  static Instant requiredInstant(String column, @Nullable String text) throws SQLException {
    Instant instant = instant(column, text);
    if (instant == null) {
      throw new SQLException("column " + column + " is null");
    }
    return instant;
  }

  /** Parses an ISO-8601 instant stored as text; {@code null} stays {@code null}. */
  static @Nullable Instant instant(String column, @Nullable String text) throws SQLException {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw new SQLException("column " + column + " holds no ISO-8601 instant: " + text, e);
    }
  }
}
