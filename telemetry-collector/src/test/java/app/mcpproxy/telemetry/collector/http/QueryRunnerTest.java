package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class QueryRunnerTest {
  private static final Duration LIMIT = Duration.ofMillis(300);

  @Parameter TestDatabase.Kind kind;

  @TempDir Path directory;

  @AutoClose private TestDatabase testDatabase;
  private QueryRunner runner;

  @BeforeEach
  void open() throws SQLException {
    assumeTrue(kind.available(), kind.skipReason());
    testDatabase = TestDatabase.create(kind, directory);
    runner = new QueryRunner(testDatabase.openCollector(), 1, 8, LIMIT);
  }

  @AfterEach
  void close() throws SQLException {
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void answersAQueryWithinItsLimit() throws Exception {
    Outcome<Long> outcome = new Outcome<>();

    runner.run(connection -> single(connection, "SELECT 42"), outcome);

    assertThat(outcome.result.get(10, TimeUnit.SECONDS)).isEqualTo(42L);
  }

  @Test
  void answers503WithRetryAfterAndCancelsAQueryPastItsLimit() throws Exception {
    Outcome<Long> slow = new Outcome<>();
    long start = System.nanoTime();

    runner.run(connection -> single(connection, endless()), slow);

    Rejection rejection = slow.rejection.get(10, TimeUnit.SECONDS);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(rejection.status()).isEqualTo(503);
    assertThat(rejection.reason()).isEqualTo("query_timeout");
    assertThat(rejection.body()).containsEntry("retry_after_seconds", 30);
    assertThat(slow.result).isNotDone();
    // The one query thread is free again only once the database gave the query up.
    Outcome<Long> next = new Outcome<>();
    runner.run(connection -> single(connection, "SELECT 7"), next);
    assertThat(next.result.get(5, TimeUnit.SECONDS)).isEqualTo(7L);
    assertThat(tookMillis).isLessThan(5_000);
    if (kind == TestDatabase.Kind.POSTGRESQL) {
      assertThat(runningSleeps()).isZero();
    }
  }

  private String endless() {
    return kind == TestDatabase.Kind.POSTGRESQL
        ? "SELECT 1 FROM pg_sleep(60)"
        : "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT MAX(x) FROM n";
  }

  private long runningSleeps() throws SQLException {
    try (Connection connection = testDatabase.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
                    + " AND query NOT LIKE '%pg_stat_activity%' AND state = 'active'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long single(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static final class Outcome<T> implements QueryRunner.Answer<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    final CompletableFuture<Rejection> rejection = new CompletableFuture<>();

    @Override
    public void result(T value) {
      result.complete(value);
    }

    @Override
    public void rejected(Rejection value) {
      rejection.complete(value);
    }
  }
}
