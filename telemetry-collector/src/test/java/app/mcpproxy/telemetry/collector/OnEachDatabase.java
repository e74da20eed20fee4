package app.mcpproxy.telemetry.collector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.collector.storage.CollectorDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test class once on each database the collector supports, each test on a fresh, migrated
 * one: {@link #database}. PostgreSQL runs only where {@code TELEMETRY_TEST_PG_URL} is set.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
public abstract class OnEachDatabase {
  @Parameter protected TestDatabase.Kind kind;

  @TempDir protected Path directory;

  @AutoClose protected TestDatabase testDatabase;
  protected CollectorDatabase database;

  protected OnEachDatabase() {}

  @BeforeEach
  void openDatabase() throws SQLException {
    assumeTrue(kind.available(), kind.skipReason());
    testDatabase = TestDatabase.create(kind, directory);
    database = testDatabase.openCollector();
  }
}
