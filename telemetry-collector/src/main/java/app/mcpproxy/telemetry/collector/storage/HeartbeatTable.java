package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.StoredHeartbeat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads install-days back as heartbeats through the {@code heartbeats} view, which decodes the
 * narrow rows and joins the raw JSON of the days still in the raw window.
 */
public final class HeartbeatTable {
  private static final String OF_INSTALL =
      "SELECT day, anonymous_id, payload, counters FROM heartbeats WHERE anonymous_id = ?"
          + " ORDER BY day";

  private HeartbeatTable() {}

  /** Reads an install's days, each as one heartbeat: the day's latest with the counters summed. */
  public static List<StoredHeartbeat> ofInstall(
      Connection connection, ObjectMapper mapper, String anonymousId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(OF_INSTALL)) {
      select.setString(1, anonymousId);
      try (ResultSet rows = select.executeQuery()) {
        List<StoredHeartbeat> heartbeats = new ArrayList<>();
        while (rows.next()) {
          heartbeats.add(
              new StoredHeartbeat(
                  rows.getString(1),
                  rows.getString(2),
                  view(mapper, rows.getString(3), rows.getString(4))));
        }
        return heartbeats;
      }
    }
  }

  private static String view(ObjectMapper mapper, String payload, String counters)
      throws SQLException {
    if (counters == null) {
      return payload;
    }
    try {
      JsonNode latest = mapper.readTree(payload);
      JsonNode sums = mapper.readTree(counters);
      if (!(latest instanceof ObjectNode object)) {
        return payload;
      }
      return DayCounters.view(object, sums).toString();
    } catch (IOException e) {
      throw new SQLException("a stored heartbeat is not JSON", e);
    }
  }
}
