package app.mcpproxy.telemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeartbeatIntakeTest {
  private final HeartbeatIntake intake =
      new HeartbeatIntake(
          TestHeartbeats.MAPPER,
          HeartbeatSchema.load(),
          new AnonymityScanner(BlockedValues.none()),
          MutableClock.at("2025-03-01T23:59:59Z"));

  @Test
  void keysTheRowByTheCollectorsUtcDayAndKeepsTheBodyAsReceived() throws Rejection {
    String body = "  " + TestHeartbeats.complete() + "\n";

    HeartbeatRow row = intake.admit(body.getBytes(StandardCharsets.UTF_8));

    assertThat(row.day()).isEqualTo("2025-03-01");
    assertThat(row.anonymousId()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
    assertThat(row.payload()).isEqualTo(body);
  }

  @Test
  void refusesAPathHiddenBehindJsonEscapesWith422() {
    String body =
        TestHeartbeats.complete()
            .put("rest_endpoint_calls", "@")
            .toString()
            .replace("\"@\"", "{\"GET \\/x\\u002fhome\\u002fbob\\/notes\": {\"2xx\": 1}}");

    Rejection rejection = refuse(body);

    assertThat(rejection.status()).isEqualTo(422);
    assertThat(rejection.body())
        .containsEntry("error", "anonymity_violation")
        .containsEntry("rule", "blocked_prefix")
        .containsEntry("pattern", "/home/");
    assertThat(rejection.body().toString()).doesNotContain("bob");
  }

  @Test
  void refusesADuplicatedKeyWith422() {
    String json = TestHeartbeats.complete().toString();
    String body = json.substring(0, json.length() - 1) + ",\"os\":\"linux\"}";

    Rejection rejection = refuse(body);

    assertThat(rejection.status()).isEqualTo(422);
    assertThat(rejection.body()).containsEntry("rule", "malformed_payload");
  }

  @Test
  void checksTheSchemaBeforeTheScanner() {
    ObjectNode heartbeat = TestHeartbeats.complete().put("version", "/home/alice");

    Rejection rejection = refuse(heartbeat.toString());

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.body()).containsEntry("field", "version");
  }

  @Test
  void refusesAnEmptyBodyAsMalformed() {
    Rejection rejection = refuse("");

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.reason()).isEqualTo("malformed_json");
  }

  @Test
  void refusesInvalidUtf8AsMalformed() {
    byte[] body = TestHeartbeats.bytes(TestHeartbeats.complete().put("routing_mode", "@"));
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '@') {
        body[i] = (byte) 0xC3;
      }
    }

    Rejection rejection = catchThrowableOfType(Rejection.class, () -> intake.admit(body));

    assertThat(rejection.reason()).isEqualTo("malformed_json");
    assertThat(rejection.getMessage()).contains("line 1");
  }

  private Rejection refuse(String body) {
    return catchThrowableOfType(
        Rejection.class, () -> intake.admit(body.getBytes(StandardCharsets.UTF_8)));
  }
}
