package app.mcpproxy.telemetry.collector.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The codes of the text values install-days hold (versions, os names, env kinds…), as the {@code
 * dictionary} table keeps them. A code never changes once given, so codes committed are cached; the
 * ones given inside the open transaction become cached only when it commits.
 */
final class Dictionary {
  /** Beyond this many cached values the cache starts over: values come from the field. */
  private static final int MAX_CACHED = 1 << 16;

  private static final int CHUNK = 500;

  private final Map<String, Integer> committed = new HashMap<>();
  private final Map<String, Integer> staged = new HashMap<>();

  /**
   * The code of a value looked up by {@link #ensure} in this transaction or before.
   *
   * @param value a value
   * @return its code
   */
  int code(String value) {
    Integer code = staged.get(value);
    if (code == null) {
      code = committed.get(value);
    }
    if (code == null) {
      throw new IllegalStateException("no code looked up for a value");
    }
    return code;
  }

  /**
   * Makes sure every value has a code, adding the missing ones in sorted order (so that two
   * collectors adding values at once never wait on each other in a cycle).
   *
   * @param connection a connection inside the writer's transaction
   * @param values the values
   * @throws SQLException when the database fails
   */
  void ensure(Connection connection, Collection<String> values) throws SQLException {
    TreeSet<String> missing = new TreeSet<>();
    for (String value : values) {
      if (!staged.containsKey(value) && !committed.containsKey(value)) {
        missing.add(value);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<String> sorted = new ArrayList<>(missing);
    select(connection, sorted);
    sorted.removeIf(staged::containsKey);
    if (sorted.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dictionary (value) VALUES (?) ON CONFLICT (value) DO NOTHING")) {
      for (String value : sorted) {
        insert.setString(1, value);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    select(connection, sorted);
    if (sorted.stream().anyMatch(value -> !staged.containsKey(value))) {
      throw new SQLException("a dictionary value has no code after it was added");
    }
  }

  private void select(Connection connection, List<String> values) throws SQLException {
    for (int start = 0; start < values.size(); start += CHUNK) {
      List<String> chunk = values.subList(start, Math.min(values.size(), start + CHUNK));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT value, code FROM dictionary WHERE value IN ("
                  + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            staged.put(rows.getString(1), rows.getInt(2));
          }
        }
      }
    }
  }

  /** The transaction committed: its codes are known for good. */
  void committed() {
    if (committed.size() + staged.size() > MAX_CACHED) {
      committed.clear();
    }
    committed.putAll(staged);
    staged.clear();
  }

  /** The transaction rolled back: a code it added may not exist. */
  void rolledBack() {
    staged.clear();
  }
}
