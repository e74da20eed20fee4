package app.mcpproxy.telemetry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.model.SentHeartbeat;
import app.mcpproxy.telemetry.store.TelemetryDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path home;

  private void record(SentHeartbeat... entries) throws IOException {
    Path dataDir = home.resolve(".mcpproxy");
    Files.createDirectories(dataDir);
    try (TelemetryDatabase database = TelemetryDatabase.open(dataDir, Clock.systemUTC())) {
      for (SentHeartbeat entry : entries) {
        database.heartbeatLog().append(entry);
      }
    }
  }

  @Test
  void sayWhenNothingWasSentAndCreateNothing() {
    CliResult result = new InProcessCli(home).run("log");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("No heartbeat has been sent");
    assertThat(home).isEmptyDirectory();
  }

  @Test
  void listsNewestFirstWithStatusOrErrorAndSize() throws IOException {
    record(
        new SentHeartbeat(Instant.parse("2026-11-22T10:00:00Z"), 202, null, "{\"a\":1}"),
        new SentHeartbeat(Instant.parse("2026-11-23T10:00:00Z"), 0, "timed out", "{\"b\":22}"));

    CliResult result = new InProcessCli(home).run("log");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines().toList())
        .hasSize(3)
        .satisfies(
            lines -> {
              assertThat(lines.get(1)).contains("2026-11-23T10:00:00Z", "error: timed out", "8 B");
              assertThat(lines.get(2)).contains("2026-11-22T10:00:00Z", "HTTP 202", "7 B");
            });
  }

  @Test
  void jsonIncludesThePayloadsAndHonoursTheLimit() throws IOException {
    record(
        new SentHeartbeat(Instant.parse("2026-11-22T10:00:00Z"), 202, null, "{\"a\":1}"),
        new SentHeartbeat(Instant.parse("2026-11-23T10:00:00Z"), 503, null, "{\"b\":2}"));

    CliResult result = new InProcessCli(home).run("log", "--json", "-n", "1");

    JsonNode entries = MAPPER.readTree(result.out());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("time").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(entries.get(0).get("http_status").asInt()).isEqualTo(503);
    assertThat(entries.get(0).get("size").asInt()).isEqualTo(7);
    assertThat(entries.get(0).at("/payload/b").asInt()).isEqualTo(2);
  }

  @Test
  void jsonOfAnEmptyLogIsAnEmptyArray() throws IOException {
    CliResult result = new InProcessCli(home).run("log", "--json");

    assertThat(MAPPER.readTree(result.out())).isEmpty();
  }

  @Test
  void aLimitBelowOneIsBadUsage() {
    CliResult result = new InProcessCli(home).run("log", "-n", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("-n");
  }

  @Test
  void anUnusableDatabaseFailsNamingTheProblemAndIsLeftAsItIs() throws IOException {
    Path db = home.resolve(".mcpproxy").resolve(TelemetryDatabase.FILE_NAME);
    Files.createDirectories(db.getParent());
    byte[] garbage = "this is not a SQLite database, just some bytes".repeat(40).getBytes();
    Files.write(db, garbage);

    CliResult result = new InProcessCli(home).run("log");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("heartbeat log cannot be read").contains("not a SQLite");
    assertThat(Files.readAllBytes(db)).isEqualTo(garbage);
    try (var files = Files.list(db.getParent())) {
      assertThat(files).containsExactly(db);
    }
  }
}
