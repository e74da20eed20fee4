package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The scanner measured on the project's corpora: realistic fake secrets put into every free-form
 * position of a full heartbeat, and realistic clean values sent from machines whose host and user
 * names are everyday words.
 */
class AnonymityScannerCorpusTest {

  /** The hosts and users most likely to collide with clean values. */
  private static final List<String> UNLUCKY_HOSTS =
      List.of("server", "mcp", "claude", "cursor", "dev");

  private static final List<String> UNLUCKY_USERS = List.of("docker", "git", "code", "admin");

  /** Where a host or its user can put free-form text into a heartbeat, by position name. */
  private static final Map<String, BiConsumer<ObjectNode, String>> POSITIONS = positions();

  record Secret(String kind, String value) {}

  private static Map<String, BiConsumer<ObjectNode, String>> positions() {
    Map<String, BiConsumer<ObjectNode, String>> positions = new LinkedHashMap<>();
    positions.put(
        "rest_endpoint_calls key",
        (p, v) -> p.withObjectProperty("rest_endpoint_calls").set(v, status()));
    positions.put(
        "doctor_checks key",
        (p, v) -> p.withObjectProperty("doctor_checks").putObject(v).put("pass", 2).put("fail", 1));
    positions.put(
        "mcp_clients_seen_ever",
        (p, v) ->
            p.withObjectProperty("activation").withArrayProperty("mcp_clients_seen_ever").add(v));
    positions.put("version", (p, v) -> p.put("version", v));
    positions.put("previous_version", (p, v) -> p.put("previous_version", v));
    positions.put("routing_mode", (p, v) -> p.put("routing_mode", v));
    return positions;
  }

  private static ObjectNode status() {
    return JsonNodeFactory.instance.objectNode().put("2xx", 3L).put("4xx", 1L);
  }

  private static ObjectNode fullHeartbeat() {
    return HeartbeatFixture.tree(HeartbeatFixture.everyWireValue().build());
  }

  static List<Secret> secrets() {
    List<Secret> secrets = new ArrayList<>();
    for (String line : lines("privacy/secrets.tsv")) {
      int tab = line.indexOf('\t');
      secrets.add(new Secret(line.substring(0, tab), line.substring(tab + 1)));
    }
    return secrets;
  }

  static List<String> cleanValues() {
    return lines("privacy/clean-values.txt");
  }

  private static List<String> lines(String resource) {
    try (InputStream in =
        AnonymityScannerCorpusTest.class.getClassLoader().getResourceAsStream(resource)) {
      List<String> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AnonymityScanner machine(String host, String user) {
    return new AnonymityScanner(
        BlockedValues.fromProcess(
            Optional.of(host), Optional.of(Path.of("/home", user)), Map.of()));
  }

  private static byte[] heartbeatWith(String position, String value) {
    ObjectNode payload = fullHeartbeat();
    POSITIONS.get(position).accept(payload, value);
    return HeartbeatFixture.bytes(payload);
  }

  @Test
  void secretCorpusIsLargeAndVaried() {
    List<Secret> secrets = secrets();
    Set<String> kinds = new TreeSet<>();
    secrets.forEach(secret -> kinds.add(secret.kind()));
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(150);
    assertThat(kinds).hasSizeGreaterThanOrEqualTo(50);
    assertThat(cleanValues()).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void stopsAtLeast99PercentOfSecretsInEveryFreeFormPosition() {
    // No blocked values: the rules alone must stop them, on any machine.
    AnonymityScanner scanner = new AnonymityScanner(BlockedValues.none());
    int injected = 0;
    int stopped = 0;
    List<String> missed = new ArrayList<>();
    for (Secret secret : secrets()) {
      for (String position : POSITIONS.keySet()) {
        injected++;
        if (scanner.scan(heartbeatWith(position, secret.value())).isPresent()) {
          stopped++;
        } else {
          missed.add(secret.kind() + " as " + position);
        }
      }
    }
    double rate = stopped / (double) injected;
    System.out.printf(
        "secret corpus: %d of %d injections stopped (%.2f%%); missed: %s%n",
        stopped, injected, rate * 100, missed);
    assertThat(rate).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void reportsEachSecretByItsKindNeverByItsValue() {
    AnonymityScanner scanner = new AnonymityScanner(BlockedValues.none());
    for (Secret secret : secrets()) {
      Optional<AnonymityViolation> violation =
          scanner.scan(heartbeatWith("doctor_checks key", secret.value()));
      violation.ifPresent(
          v -> {
            assertThat(v.message()).doesNotContain(secret.value());
            if (v.rule() == AnonymityViolation.Rule.SECRET) {
              assertThat(SecretShapes.kinds()).contains(v.pattern());
            }
          });
    }
  }

  @Test
  void refusesNoCleanValueFromUnluckyMachines() {
    List<String> refused = new ArrayList<>();
    int sent = 0;
    for (String host : UNLUCKY_HOSTS) {
      for (String user : UNLUCKY_USERS) {
        AnonymityScanner scanner = machine(host, user);
        for (String value : cleanValues()) {
          for (String position : POSITIONS.keySet()) {
            sent++;
            scanner
                .scan(heartbeatWith(position, value))
                .ifPresent(v -> refused.add(value + " as " + position + ": " + v.message()));
          }
        }
      }
    }
    System.out.printf("clean corpus: %d of %d payloads refused%n", refused.size(), sent);
    new TreeSet<>(refused).forEach(System.out::println);
    assertThat(refused).isEmpty();
  }

  @Test
  void refusesNoneOfManyGeneratedCleanPayloads() {
    List<String> clean = cleanValues();
    Random random = new Random(7);
    int refused = 0;
    int payloads = 2000;
    for (int n = 0; n < payloads; n++) {
      AnonymityScanner scanner =
          machine(
              UNLUCKY_HOSTS.get(random.nextInt(UNLUCKY_HOSTS.size())),
              UNLUCKY_USERS.get(random.nextInt(UNLUCKY_USERS.size())));
      ObjectNode payload = fullHeartbeat();
      payload.put("anonymous_id", new UUID(random.nextLong(), random.nextLong()).toString());
      payload.put("uptime_hours", random.nextInt(100_000));
      for (String position : POSITIONS.keySet()) {
        int count = position.endsWith("key") || position.startsWith("mcp") ? random.nextInt(8) : 1;
        for (int k = 0; k < count; k++) {
          POSITIONS.get(position).accept(payload, clean.get(random.nextInt(clean.size())));
        }
      }
      Optional<AnonymityViolation> violation = scanner.scan(HeartbeatFixture.bytes(payload));
      if (violation.isPresent()) {
        refused++;
        System.out.println("refused: " + violation.get().message());
      }
    }
    System.out.printf("generated clean payloads: %d of %d refused%n", refused, payloads);
    assertThat(refused).isZero();
  }
}
