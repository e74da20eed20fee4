package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.collector.storage.ReceivedHeartbeat;
import app.mcpproxy.telemetry.privacy.AnonymityScanner;
import app.mcpproxy.telemetry.privacy.BlockedValues;
import app.mcpproxy.telemetry.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    ReceivedHeartbeat row = intake.admit(body.getBytes(StandardCharsets.UTF_8), "key-1");

    assertThat(row.day()).isEqualTo("2025-03-01");
    assertThat(row.anonymousId()).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
    assertThat(row.raw()).isEqualTo(body);
    assertThat(row.idempotencyKey()).isEqualTo("key-1");
  }

  @Test
  void acceptsAHeartbeatWithoutAnIdempotencyKey() throws Rejection {
    ReceivedHeartbeat row = intake.admit(TestHeartbeats.bytes(TestHeartbeats.complete()), null);

    assertThat(row.idempotencyKey()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "semi;colon",
        "é",
        "0123456789012345678901234567890123456789012345678901234567890123x"
      })
  void refusesAMalformedIdempotencyKeyWith400(String key) {
    Rejection rejection =
        catchThrowableOfType(
            Rejection.class,
            () -> intake.admit(TestHeartbeats.bytes(TestHeartbeats.complete()), key));

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.body()).containsEntry("field", "Idempotency-Key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "1e309", "18446744073709551616", "3.0e19"})
  void refusesANumberOutOfRangeWith400(String number) {
    String body =
        TestHeartbeats.complete()
            .put("schema_version", 0)
            .toString()
            .replace("\"schema_version\":0", "\"schema_version\":" + number);

    Rejection rejection = refuse(body);

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.reason()).isEqualTo("malformed_json");
    assertThat(rejection.getMessage()).contains("out of range");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "C0 AF", // overlong '/'
        "C0 80", // overlong NUL
        "E0 80 AF", // overlong '/' in three bytes
        "F0 80 80 AF", // overlong '/' in four bytes
        "ED A0 80", // an encoded surrogate
        "F4 90 80 80", // above U+10FFFF
        "C3", // cut short
        "80", // a lone continuation byte
        "FF"
      })
  void refusesMalformedOrOverlongUtf8With400(String hex) {
    byte[] body = withBytesInAString(TestHeartbeats.complete(), hex);

    Rejection rejection = catchThrowableOfType(Rejection.class, () -> intake.admit(body, null));

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.getMessage()).isEqualTo("body is not valid UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\u0000", "\\ud800", "\\udc00x", "x\\ud800\\ud800"})
  void refusesNulOrAnUnpairedSurrogateEscapeWith400(String escape) {
    String body = TestHeartbeats.complete().put("go_version", "@").toString().replace("@", escape);

    Rejection rejection = refuse(body);

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.reason()).isEqualTo("malformed_json");
  }

  static byte[] withBytesInAString(ObjectNode heartbeat, String hex) {
    byte[] json = TestHeartbeats.bytes(heartbeat.put("go_version", "java17@"));
    String[] parts = hex.split(" ");
    byte[] body = new byte[json.length - 1 + parts.length];
    int at = 0;
    for (byte b : json) {
      if (b == '@') {
        for (String part : parts) {
          body[at++] = (byte) Integer.parseInt(part, 16);
        }
      } else {
        body[at++] = b;
      }
    }
    return body;
  }

  @Test
  void refusesAPathHiddenBehindJsonEscapesWith422() {
    String body =
        TestHeartbeats.complete()
            .put("rest_endpoint_calls", "@")
            .toString()
            .replace("\"@\"", "{\"GET \\u002fhome\\u002fbob\\/notes\": {\"2xx\": 1}}");

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

    Rejection rejection = catchThrowableOfType(Rejection.class, () -> intake.admit(body, null));

    assertThat(rejection.reason()).isEqualTo("malformed_json");
    assertThat(rejection.getMessage()).isEqualTo("body is not valid UTF-8");
  }

  private Rejection refuse(String body) {
    return catchThrowableOfType(
        Rejection.class, () -> intake.admit(body.getBytes(StandardCharsets.UTF_8), null));
  }
}
