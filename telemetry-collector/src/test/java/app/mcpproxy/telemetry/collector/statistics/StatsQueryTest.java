package app.mcpproxy.telemetry.collector.statistics;

import static app.mcpproxy.telemetry.collector.statistics.TestRequests.uncached;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.collector.OnEachDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.statistics.Stats.DayCount;
import app.mcpproxy.telemetry.collector.statistics.Stats.FunnelStep;
import app.mcpproxy.telemetry.collector.statistics.Stats.Group;
import app.mcpproxy.telemetry.collector.statistics.Stats.Total;
import app.mcpproxy.telemetry.collector.storage.InstallDayWriter;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatsQueryTest extends OnEachDatabase {
  private static final LocalDate DAY_1 = LocalDate.parse("2025-03-01");
  private static final LocalDate DAY_2 = LocalDate.parse("2025-03-02");
  private static final LocalDate DAY_3 = LocalDate.parse("2025-03-03");

  @Test
  void countsDailyActiveInstallsForEveryDayOfTheRange() throws SQLException {
    String install = store(DAY_1, heartbeat -> {});
    store(DAY_2, heartbeat -> heartbeat.put("anonymous_id", install));
    store(DAY_2, heartbeat -> {});

    Stats stats = query(DAY_1, DAY_3);

    assertThat(stats.installs()).isEqualTo(2);
    assertThat(stats.dailyActiveInstalls())
        .containsExactly(
            new DayCount("2025-03-01", 1L),
            new DayCount("2025-03-02", 2L),
            new DayCount("2025-03-03", 0L));
  }

  @Test
  void foldsGroupsOfFewerThanFiveInstallsIntoOtherCountingEachInstallOnce() throws SQLException {
    for (int i = 0; i < 5; i++) {
      store(DAY_1, heartbeat -> heartbeat.put("version", "v1.0.0"));
    }
    String upgrader = store(DAY_1, heartbeat -> heartbeat.put("version", "v0.9.0"));
    store(DAY_2, heartbeat -> heartbeat.put("anonymous_id", upgrader).put("version", "v0.9.1"));
    store(DAY_2, heartbeat -> heartbeat.put("version", "v0.9.1"));

    Stats stats = query(DAY_1, DAY_2);

    assertThat(stats.installsBy().get("version"))
        .containsExactly(new Group("v1.0.0", 5), new Group("other", 2));
  }

  @Test
  void reportsAbsentValuesAsUnset() throws SQLException {
    for (int i = 0; i < 5; i++) {
      store(DAY_1, heartbeat -> heartbeat.remove("env_kind"));
    }

    assertThat(query(DAY_1, DAY_1).installsBy().get("env_kind"))
        .containsExactly(new Group("unset", 5));
  }

  @Test
  void withholdsFunnelStepsOfFewerThanFiveInstalls() throws SQLException {
    for (int i = 0; i < 6; i++) {
      int n = i;
      store(
          DAY_1,
          heartbeat -> {
            ObjectNode activation = (ObjectNode) heartbeat.get("activation");
            activation.put("first_connected_server_ever", n < 6);
            activation.put("first_mcp_client_ever", n < 5);
            activation.put("first_retrieve_tools_call_ever", n < 2);
          });
    }
    store(DAY_1, heartbeat -> heartbeat.remove("activation"));

    assertThat(query(DAY_1, DAY_1).activationFunnel())
        .containsExactly(
            new FunnelStep("reported", 6L),
            new FunnelStep("connected_server", 6L),
            new FunnelStep("mcp_client", 5L),
            new FunnelStep("retrieve_tools_call", null));
  }

  @Test
  void groupsUpgradesByPreviousAndCurrentVersion() throws SQLException {
    for (int i = 0; i < 5; i++) {
      store(
          DAY_1,
          heartbeat ->
              heartbeat
                  .put("previous_version", "v0.24.0")
                  .put("version", "v0.25.0")
                  .put("current_version", "v0.25.0"));
    }
    store(DAY_1, heartbeat -> heartbeat.put("previous_version", "v0.23.0"));
    store(DAY_1, heartbeat -> heartbeat.put("previous_version", ""));
    store(DAY_1, heartbeat -> heartbeat.put("previous_version", "v0.25.0"));

    assertThat(query(DAY_1, DAY_1).upgrades())
        .containsExactly(new Group("v0.24.0 -> v0.25.0", 5), new Group("other", 1));
  }

  @Test
  void countsInstallsWithEachFeatureFlagOn() throws SQLException {
    for (int i = 0; i < 5; i++) {
      store(DAY_1, heartbeat -> {});
    }
    store(
        DAY_1,
        heartbeat -> {
          ObjectNode flags = (ObjectNode) heartbeat.get("feature_flags");
          flags.put("enable_prompts", true);
          flags.putArray("oauth_provider_types").add("microsoft");
        });
    store(DAY_1, heartbeat -> heartbeat.remove("feature_flags"));

    Stats stats = query(DAY_1, DAY_1);

    assertThat(stats.featureFlagsReporting()).isEqualTo(6L);
    assertThat(stats.featureFlags())
        .contains(
            new Group("enable_socket", 6), new Group("oauth_github", 5), new Group("other", 1))
        .extracting(Group::key)
        .doesNotContain("enable_prompts", "oauth_microsoft", "require_mcp_auth");
  }

  @Test
  void sumsCountersAndFoldsThoseFromFewerThanFiveInstalls() throws SQLException {
    for (int i = 0; i < 5; i++) {
      store(DAY_1, heartbeat -> {});
    }
    store(
        DAY_1,
        heartbeat ->
            ((ObjectNode) heartbeat.get("error_category_counts"))
                .put("docker_pull_failed", 4)
                .put("socket_bind_failed", 1));

    Stats stats = query(DAY_1, DAY_1);

    assertThat(stats.errorCategories())
        .containsExactly(new Total("upstream_connect_timeout", 12L, 6), new Total("other", 5L, 1));
    assertThat(stats.surfaces()).contains(new Total("mcp", 240L, 6));
    assertThat(stats.surfaces()).extracting(Total::key).doesNotContain("unknown");
    assertThat(stats.builtinTools())
        .containsExactly(new Total("retrieve_tools", 72L, 6), new Total("call_tool_read", 42L, 6));
  }

  @Test
  void anEmptyRangeHasNoGroups() throws SQLException {
    Stats stats = query(DAY_1, DAY_2);

    assertThat(stats.installs()).isZero();
    assertThat(stats.installsBy().get("os")).isEmpty();
    assertThat(stats.upgrades()).isEmpty();
    assertThat(stats.featureFlags()).isEmpty();
    assertThat(stats.errorCategories()).isEmpty();
    assertThat(stats.activationFunnel()).extracting(FunnelStep::installs).containsOnlyNulls();
  }

  @Test
  void refusesAReversedRange() throws SQLException {
    try (Connection connection = database.connection()) {
      assertThatThrownBy(() -> StatsQuery.run(connection, DAY_2, DAY_1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2025-03-02");
    }
  }

  /**
   * The statistics of a range from the rollups, checked to equal what a scan of the rows gives
   * whichever days are closed: none, up to the middle of the range, all.
   */
  private Stats query(LocalDate from, LocalDate to) throws SQLException {
    try (Connection connection = database.connection()) {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("DELETE FROM day_rollups");
      }
      Stats scanned = StatsQuery.run(connection, from, to);
      Stats rollup = null;
      for (LocalDate firstOpen :
          List.of(
              from, from.plusDays((to.toEpochDay() - from.toEpochDay()) / 2 + 1), to.plusDays(1))) {
        rollup = RollupStats.run(connection, uncached(from, to, StatsFilter.NONE, firstOpen));
        assertThat(rollup).as("closed before " + firstOpen).isEqualTo(scanned);
      }
      return rollup;
    }
  }

  @Test
  void erasingAnInstallTakesItOutOfClosedDaysExactly() throws SQLException {
    String erased = store(DAY_1, heartbeat -> {});
    store(DAY_2, heartbeat -> heartbeat.put("anonymous_id", erased));
    for (int i = 0; i < 6; i++) {
      store(DAY_1, heartbeat -> heartbeat.put("os", "darwin"));
    }
    try (Connection connection = database.connection()) {
      RollupStats.run(connection, uncached(DAY_1, DAY_3, StatsFilter.NONE, DAY_3.plusDays(1)));
      connection.setAutoCommit(false);
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor()).erase(connection, erased);
      connection.commit();
      connection.setAutoCommit(true);

      Stats afterErasure =
          RollupStats.run(connection, uncached(DAY_1, DAY_3, StatsFilter.NONE, DAY_3.plusDays(1)));

      assertThat(afterErasure).isEqualTo(StatsQuery.run(connection, DAY_1, DAY_3));
      assertThat(afterErasure.installs()).isEqualTo(6);
      assertThat(afterErasure.dailyActiveInstalls())
          .extracting(DayCount::installs)
          .containsExactly(6L, 0L, 0L);
      try (Statement statement = connection.createStatement();
          java.sql.ResultSet rows =
              statement.executeQuery(
                  "SELECT COUNT(*) FROM install_ids WHERE anonymous_id = '" + erased + "'")) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
  }

  /** Stores a complete heartbeat of a new install, changed by {@code edit}; returns its id. */
  private String store(LocalDate day, Consumer<ObjectNode> edit) throws SQLException {
    ObjectNode heartbeat =
        TestHeartbeats.complete().put("anonymous_id", UUID.randomUUID().toString());
    edit.accept(heartbeat);
    try (Connection connection = database.connection()) {
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor())
          .write(
              connection,
              List.of(ReceivedHeartbeat.of(day.toString(), null, heartbeat, heartbeat.toString())));
    }
    return heartbeat.get("anonymous_id").asText();
  }
}
