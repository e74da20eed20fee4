package app.mcpproxy.telemetry.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.collector.Collector;
import app.mcpproxy.telemetry.collector.CollectorOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimulationTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-18T15:30:00Z");

  @TempDir Path directory;

  private Collector collector;
  private Path work;

  @BeforeEach
  void startCollector() throws Exception {
    collector =
        Collector.builder(
                CollectorOptions.defaults(directory.resolve("collector")).withListen("127.0.0.1:0"))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    collector.start();
    work = FleetSimulation.workDirectory(work);
  }

  @AfterEach
  void stopCollector() throws IOException {
    collector.close();
    if (!Files.exists(work)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(work)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Test
  void theDemoFleetGivesEveryViewRealGroupsOverMoreThanSixtyDays() throws Exception {
    FleetSimulation.Filled filled =
        new FleetSimulation(FleetSimulation.Shape.demo(), NOW, collector.clientEndpoint(), work)
            .fill(collector);
    FleetSimulation.Result fleet = filled.fleet();

    // Nothing was refused by the client's scanner, and the collector's intake took every one.
    assertThat(fleet.refused()).isZero();
    assertThat(filled.stored()).isEqualTo(fleet.heartbeats().size());
    assertThat(fleet.installs()).isGreaterThanOrEqualTo(300);
    assertThat(fleet.days()).isGreaterThanOrEqualTo(60);
    assertThat(fleet.lastDay()).isEqualTo(LocalDate.parse("2026-03-18"));
    assertThat(filled.closedDays()).hasSize(fleet.days() - 1);

    JsonNode stats = stats(fleet.firstDay(), fleet.lastDay());
    int fold = stats.get("min_group_installs").asInt();
    assertThat(stats.get("installs").asLong()).isEqualTo(fleet.installs());
    assertThat(stats.get("daily_active_installs"))
        .hasSize(fleet.days())
        .allSatisfy(day -> assertThat(day.get("installs").asLong()).isGreaterThanOrEqualTo(fold));
    assertThat(named(stats.at("/installs_by/os"), fold))
        .containsExactlyInAnyOrder("linux", "darwin", "windows");
    assertThat(named(stats.at("/installs_by/env_kind"), fold))
        .contains("interactive", "ci", "container", "headless", "cloud_ide");
    assertThat(named(stats.at("/installs_by/edition"), fold)).contains("personal", "server");
    assertThat(named(stats.at("/installs_by/version"), fold)).hasSizeGreaterThanOrEqualTo(5);
    assertThat(named(stats.get("upgrades"), fold))
        .contains("v0.20.0 -> v0.21.0", "v0.23.0 -> v0.24.0", "v0.24.0 -> v0.25.0");
    List<Long> funnel = new ArrayList<>();
    stats.get("activation_funnel").forEach(step -> funnel.add(step.get("installs").asLong()));
    assertThat(funnel).hasSize(4).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(fold));
    assertThat(funnel).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(funnel.get(3)).isLessThan(funnel.get(0));
    assertThat(named(stats.get("feature_flags"), fold)).hasSizeGreaterThanOrEqualTo(5);
    assertThat(stats.get("error_categories").size()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void eachHeartbeatIsTheLibrarysPayloadDatedOnItsSimulatedDay() throws Exception {
    FleetSimulation.Result fleet =
        new FleetSimulation(
                new FleetSimulation.Shape(40, 20, 7, 2), NOW, collector.clientEndpoint(), work)
            .run();

    assertThat(fleet.heartbeats()).isNotEmpty();
    Set<String> ids = new HashSet<>();
    for (FleetSimulation.Heartbeat heartbeat : fleet.heartbeats()) {
      JsonNode payload = MAPPER.readTree(heartbeat.body());
      Instant sent = Instant.parse(payload.get("timestamp").asText());
      assertThat(LocalDate.ofInstant(sent, ZoneOffset.UTC)).isEqualTo(heartbeat.day());
      assertThat(sent).isBeforeOrEqualTo(NOW);
      assertThat(payload.get("schema_version").asInt()).isEqualTo(3);
      assertThat(heartbeat.idempotencyKey()).isNotBlank();
      ids.add(payload.get("anonymous_id").asText());
    }
    assertThat(ids).hasSize(fleet.installs());
    assertThat(fleet.heartbeats()).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
  }

  private JsonNode stats(LocalDate from, LocalDate to) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = collector.baseUri().resolve("v1/stats?from=" + from + "&to=" + to);
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return MAPPER.readTree(response.body());
  }

  /** The keys of groups shown by name: not folded into other and at least the fold's size. */
  private static List<String> named(JsonNode groups, int fold) {
    List<String> keys = new ArrayList<>();
    for (JsonNode group : groups) {
      if (!group.get("key").asText().equals("other") && group.get("installs").asLong() >= fold) {
        keys.add(group.get("key").asText());
      }
    }
    return keys;
  }
}
