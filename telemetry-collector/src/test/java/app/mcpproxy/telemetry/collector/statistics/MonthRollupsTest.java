package app.mcpproxy.telemetry.collector.statistics;

import static app.mcpproxy.telemetry.collector.statistics.TestRequests.uncached;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.TestDatabase;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.fleet.FleetGenerator;
import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import app.mcpproxy.telemetry.collector.storage.InstallDayWriter;
import app.mcpproxy.telemetry.collector.storage.MonthRollups;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Finished months read from their month rollups give the same answers, exactly, as the same range
 * read day by day: on a generated fleet from mid-December to mid-April, for ranges that start and
 * end inside months, on month boundaries and on the open day, with and without filters; after an
 * install is erased; after a day of a built month closes late; and when two connections build the
 * same months at once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonthRollupsTest {
  private static final LocalDate END = LocalDate.parse("2025-04-10");
  private static final int DAYS = 115;
  private static final LocalDate FIRST = END.minusDays(DAYS - 1L);

  /** Ranges, as {from, to, first open day}. */
  private static final List<LocalDate[]> RANGES =
      List.of(
          range(FIRST.toString(), "2025-04-10", "2025-04-10"),
          range("2025-01-01", "2025-04-10", "2025-04-10"),
          range("2024-12-20", "2025-03-31", "2025-04-10"),
          range("2025-01-20", "2025-03-05", "2025-04-10"),
          range("2025-02-01", "2025-02-28", "2025-04-10"),
          range("2025-02-03", "2025-02-20", "2025-04-10"),
          range("2025-01-31", "2025-03-01", "2025-04-10"),
          range("2025-01-01", "2025-03-31", "2025-03-20"));

  private static final List<StatsFilter> FILTERS =
      List.of(
          StatsFilter.NONE,
          new StatsFilter(List.of(), true, List.of(), List.of(), List.of()),
          new StatsFilter(
              List.of("ci", "interactive"), false, List.of("linux"), List.of(), List.of()),
          new StatsFilter(List.of(), false, List.of("darwin", "windows"), List.of(), List.of()),
          new StatsFilter(List.of(), false, List.of(), List.of(), List.of("personal")),
          new StatsFilter(
              List.of(), false, List.of(), List.of("v0.30.0", "v0.31.0", "v0.32.0"), List.of()));

  @Parameter TestDatabase.Kind kind;

  @TempDir static Path directory;

  private TestDatabase testDatabase;
  private CollectorDatabase database;

  /** Installs that change environment from day to day, reaching the funnel only on some. */
  private final List<String> switchers = new ArrayList<>();

  private static LocalDate[] range(String from, String to, String firstOpen) {
    return new LocalDate[] {LocalDate.parse(from), LocalDate.parse(to), LocalDate.parse(firstOpen)};
  }

  /**
   * One fleet for all tests of a database: each test leaves months and days giving the same
   * answers, which is all the next one relies on.
   */
  @BeforeParameterizedClassInvocation
  void writeFleet() throws SQLException {
    assumeTrue(kind.available(), kind.skipReason());
    // One instance serves every database in turn.
    switchers.clear();
    testDatabase = TestDatabase.create(kind, directory);
    PrintStream out = System.out;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      FleetGenerator.main(
          new String[] {
            "--db",
            testDatabase.jdbcUrl(),
            "--installs",
            "120",
            "--days",
            String.valueOf(DAYS),
            "--end",
            END.toString(),
            "--keep-raw-days",
            "3",
            "--seed",
            "5"
          });
    } finally {
      System.setOut(out);
    }
    database = testDatabase.openCollector();
    // Interactive and connected on even days, in CI and not connected on odd ones: a month's
    // union of "connected" and of "ci" would count them as connected in CI, which they never were.
    List<ReceivedHeartbeat> heartbeats = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id = UUID.randomUUID().toString();
      switchers.add(id);
      for (LocalDate day = LocalDate.parse("2025-01-10").plusDays(i);
          day.isBefore(LocalDate.parse("2025-03-25"));
          day = day.plusDays(3)) {
        boolean even = day.toEpochDay() % 2 == 0;
        ObjectNode heartbeat =
            TestHeartbeats.complete()
                .put("anonymous_id", id)
                .put("env_kind", even ? "interactive" : "ci");
        ObjectNode activation = (ObjectNode) heartbeat.get("activation");
        activation.put("first_connected_server_ever", even);
        activation.put("first_mcp_client_ever", even);
        heartbeats.add(ReceivedHeartbeat.of(day.toString(), null, heartbeat, heartbeat.toString()));
      }
    }
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor()).write(connection, heartbeats);
      connection.commit();
      connection.setAutoCommit(true);
      // The generator closed its days and months before the switchers came: close them anew.
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("DELETE FROM day_rollups");
        statement.executeUpdate("DELETE FROM month_rollups");
      }
    }
  }

  @AfterParameterizedClassInvocation
  void close() throws SQLException {
    if (testDatabase != null) {
      testDatabase.close();
      testDatabase = null;
    }
  }

  @Test
  void monthsAnswerExactlyAsTheirDaysForEveryRangeViewAndFilter() throws SQLException {
    try (Connection connection = database.connection()) {
      for (LocalDate[] range : RANGES) {
        for (StatsFilter filter : FILTERS) {
          assertSameByMonthAndByDay(connection, range[0], range[1], range[2], filter);
        }
      }
      assertThat(builtMonths(connection))
          .as("the finished months of the ranges were built")
          .contains("2025-01", "2025-02", "2025-03");
      Funnel funnel =
          Funnel.run(
              connection,
              uncached(
                  LocalDate.parse("2025-02-01"),
                  LocalDate.parse("2025-02-28"),
                  StatsFilter.NONE,
                  END));
      assertThat(funnel.byEnvKind())
          .as("the fleet has environments large enough to show")
          .extracting(Funnel.EnvFunnel::envKind)
          .contains("ci", "interactive");
    }
  }

  @Test
  void aFilteredMonthIsReadWholeOnlyWhenNoInstallChangedWhatTheFilterSelectsOn() throws Exception {
    LocalDate from = LocalDate.parse("2025-02-01");
    LocalDate to = LocalDate.parse("2025-02-28");
    StatsFilter byOs = FILTERS.get(3);
    StatsFilter peopleOnly = FILTERS.get(1);
    StatsFilter byVersion = FILTERS.get(5);
    try (Connection connection = database.connection()) {
      assertThat(MonthCover.read(connection, from, to, byOs, null, List.of()).months())
          .as("no install changed its OS in February")
          .hasSize(1);
      assertThat(MonthCover.read(connection, from, to, peopleOnly, null, List.of()).months())
          .as("the switchers changed environment in February")
          .isEmpty();
      assertThat(MonthCover.read(connection, from, to, byVersion, null, List.of()).months())
          .as("installs upgraded in February")
          .isEmpty();
      Stats byMonth = RollupStats.run(connection, uncached(from, to, byOs, END), true);
      assertThat(byMonth.installs()).as("the OS filter keeps some installs").isPositive();
    }
  }

  @Test
  void erasingAnInstallTakesItOutOfItsMonths() throws Exception {
    LocalDate from = FIRST;
    try (Connection connection = database.connection()) {
      RollupStats.run(connection, uncached(from, END, StatsFilter.NONE, END), true);
      List<String> months = builtMonths(connection);
      assertThat(months).contains("2025-01", "2025-02", "2025-03");
      String erased = switchers.get(0);
      int id = installId(connection, erased);
      assertThat(monthsHolding(connection, id)).contains("2025-01", "2025-02", "2025-03");

      connection.setAutoCommit(false);
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor()).erase(connection, erased);
      connection.commit();
      connection.setAutoCommit(true);

      assertThat(monthsHolding(connection, id)).isEmpty();
      assertThat(builtMonths(connection)).isEqualTo(months);
      assertSameByMonthAndByDay(connection, from, END, END, StatsFilter.NONE);
      assertSameByMonthAndByDay(
          connection,
          LocalDate.parse("2025-01-01"),
          LocalDate.parse("2025-03-31"),
          END,
          StatsFilter.NONE);
    }
  }

  @Test
  void aDayClosedAfterItsMonthWasBuiltRebuildsTheMonth() throws SQLException {
    LocalDate from = LocalDate.parse("2025-02-01");
    LocalDate to = LocalDate.parse("2025-02-28");
    LocalDate late = LocalDate.parse("2025-02-14");
    try (Connection connection = database.connection()) {
      Stats before = RollupStats.run(connection, uncached(from, to, StatsFilter.NONE, END), true);
      // A day reopened, as one written by a collector whose clock lags: it gets a new install.
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM day_rollups WHERE day = ?")) {
        delete.setString(1, late.toString());
        delete.executeUpdate();
      }
      ObjectNode heartbeat =
          TestHeartbeats.complete().put("anonymous_id", UUID.randomUUID().toString());
      connection.setAutoCommit(false);
      new InstallDayWriter(TestHeartbeats.MAPPER, database.vendor())
          .write(
              connection,
              List.of(
                  ReceivedHeartbeat.of(late.toString(), null, heartbeat, heartbeat.toString())));
      connection.commit();
      connection.setAutoCommit(true);

      Stats after = RollupStats.run(connection, uncached(from, to, StatsFilter.NONE, END), true);

      assertThat(after.installs()).isEqualTo(before.installs() + 1);
      assertSameByMonthAndByDay(connection, from, to, END, StatsFilter.NONE);
    }
  }

  @Test
  void twoConnectionsBuildingTheSameMonthsAtOnceStoreThemOnce() throws Exception {
    List<YearMonth> months =
        MonthRollups.within(LocalDate.parse("2024-12-01"), LocalDate.parse("2025-03-31"));
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM month_rollups");
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<YearMonth>>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Callable<List<YearMonth>> build =
            () -> {
              try (Connection connection = database.connection()) {
                return MonthRollups.close(connection, months);
              }
            };
        runs.add(pool.submit(build));
      }
      for (Future<List<YearMonth>> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection connection = database.connection()) {
      assertThat(builtMonths(connection))
          .containsExactly("2024-12", "2025-01", "2025-02", "2025-03");
      assertSameByMonthAndByDay(connection, FIRST, END, END, StatsFilter.NONE);
    }
  }

  private void assertSameByMonthAndByDay(
      Connection connection, LocalDate from, LocalDate to, LocalDate firstOpen, StatsFilter filter)
      throws SQLException {
    String as = from + ".." + to + " open from " + firstOpen + " " + filter;
    assertThat(
            answer(() -> RollupStats.run(connection, uncached(from, to, filter, firstOpen), true)))
        .as("overview " + as)
        .isEqualTo(
            answer(
                () -> RollupStats.run(connection, uncached(from, to, filter, firstOpen), false)));
    assertThat(answer(() -> Funnel.run(connection, uncached(from, to, filter, firstOpen), true)))
        .as("funnel " + as)
        .isEqualTo(
            answer(() -> Funnel.run(connection, uncached(from, to, filter, firstOpen), false)));
  }

  /** A view's answer, or the refusal of a filter too narrow for the range. */
  private static Object answer(SqlCall call) throws SQLException {
    try {
      return call.run();
    } catch (StatsFilter.TooNarrow e) {
      return "too narrow";
    }
  }

  @FunctionalInterface
  private interface SqlCall {
    Object run() throws SQLException;
  }

  private static List<String> builtMonths(Connection connection) throws SQLException {
    List<String> months = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT month FROM month_rollups WHERE name = 'all' ORDER BY month")) {
      while (rows.next()) {
        months.add(rows.getString(1));
      }
    }
    return months;
  }

  private static int installId(Connection connection, String anonymousId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT id FROM install_ids WHERE anonymous_id = ?")) {
      select.setString(1, anonymousId);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getInt(1);
      }
    }
  }

  /** The months with any set holding an install id. */
  private static List<String> monthsHolding(Connection connection, int id) throws Exception {
    Map<String, Boolean> months = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT month, installs FROM month_rollups")) {
      while (rows.next()) {
        RoaringBitmap set = new RoaringBitmap();
        set.deserialize(ByteBuffer.wrap(rows.getBytes(2)));
        if (set.contains(id)) {
          months.put(rows.getString(1), true);
        }
      }
    }
    return new ArrayList<>(months.keySet());
  }
}
