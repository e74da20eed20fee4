package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.StoredFeedback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code feedback} table. */
public final class FeedbackTable {
  static final String INSERT =
      "INSERT INTO feedback (id, received_at, category, message, email, context)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String NEWEST_FIRST =
      "SELECT id, received_at, category, message, email, context FROM feedback"
          + " ORDER BY received_at DESC, id DESC LIMIT ?";

  private FeedbackTable() {}

  static void bind(PreparedStatement statement, StoredFeedback feedback) throws SQLException {
    statement.setString(1, feedback.id());
    statement.setString(2, feedback.receivedAt().toString());
    statement.setString(3, feedback.category());
    statement.setString(4, feedback.message());
    statement.setString(5, feedback.email());
    statement.setString(6, feedback.context());
  }

  public static List<StoredFeedback> newestFirst(Connection connection, int limit)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(NEWEST_FIRST)) {
      statement.setInt(1, limit);
      try (ResultSet rows = statement.executeQuery()) {
        List<StoredFeedback> result = new ArrayList<>();
        while (rows.next()) {
          result.add(
              new StoredFeedback(
                  rows.getString(1),
                  Instant.parse(rows.getString(2)),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6)));
        }
        return result;
      }
    }
  }
}
