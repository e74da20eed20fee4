package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.testing.HeartbeatFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * The scan guesses the next vocabulary word from earlier payloads on its thread; a guess must never
 * change an outcome. Each payload is scanned on a thread trained with clean heartbeats and on a
 * fresh thread, which has nothing to guess from, and the two must agree.
 */
class ScanGuessesTest {

  private static final AnonymityScanner SCANNER =
      new AnonymityScanner(
          BlockedValues.fromProcess(
              Optional.of("alice-mbp"),
              Optional.of(Path.of("/Users/alice")),
              Map.of("GITHUB_TOKEN", "ghp_16C7e42F292c6912E7710c838347Ae178B4a")));

  private static final byte[] HEARTBEAT_BYTES =
      HeartbeatFixture.json(HeartbeatFixture.everyWireValue().build());
  private static final String HEARTBEAT = new String(HEARTBEAT_BYTES, StandardCharsets.UTF_8);

  private static Optional<AnonymityViolation> onFreshThread(byte[] payload) throws Exception {
    FutureTask<Optional<AnonymityViolation>> task = new FutureTask<>(() -> SCANNER.scan(payload));
    Thread thread = new Thread(task);
    thread.start();
    return task.get();
  }

  private static Optional<AnonymityViolation> onTrainedThread(byte[] payload) {
    byte[] clean = HEARTBEAT_BYTES;
    for (int k = 0; k < 3; k++) {
      assertThat(SCANNER.scan(clean)).isEmpty();
    }
    return SCANNER.scan(payload);
  }

  private static String replaceOnce(String text, String from, String to) {
    assertThat(text).contains(from);
    return text.replaceFirst(
        java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  private static void assertAgree(String payload) throws Exception {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    assertThat(onTrainedThread(bytes)).as(payload).isEqualTo(onFreshThread(bytes));
  }

  @Test
  void editsWhereAWordIsExpectedGiveTheSameOutcome() throws Exception {
    List<String> payloads =
        List.of(
            HEARTBEAT,
            // A duplicated word key, plain and escaped.
            replaceOnce(HEARTBEAT, "\"os\":\"linux\"", "\"os\":\"linux\",\"os\":\"linux\""),
            replaceOnce(HEARTBEAT, "\"version\":", "\"version\":\"v1.0.0\",\"ver\\u0073ion\":"),
            // White space before the colon, a word cut short, a word grown.
            replaceOnce(HEARTBEAT, "\"os\":", "\"os\" :"),
            replaceOnce(HEARTBEAT, "\"version\":", "\"versio\":"),
            replaceOnce(HEARTBEAT, "\"version\":", "\"version2\":"),
            replaceOnce(HEARTBEAT, "\"edition\":\"server\"", "\"edition\":\"servers\""),
            // Values that are not the expected word.
            replaceOnce(HEARTBEAT, "\"edition\":\"server\"", "\"edition\":\"alice-mbp\""),
            replaceOnce(HEARTBEAT, "\"os\":\"linux\"", "\"os\":\"/home/bob\""),
            replaceOnce(HEARTBEAT, "\"os\":\"linux\"", "\"os\":\"lin\\u0075x\""),
            replaceOnce(
                HEARTBEAT, "\"docker_daemon\"", "\"ghp_16C7e42F292c6912E7710c838347Ae178B4a\""),
            // env_markers: a missing, an extra and a non-boolean marker.
            replaceOnce(HEARTBEAT, "\"has_tty\":true,", ""),
            replaceOnce(HEARTBEAT, "\"has_tty\":true", "\"has_tty\":true,\"has_gpu\":true"),
            replaceOnce(HEARTBEAT, "\"has_tty\":true", "\"has_tty\":\"yes\""),
            replaceOnce(HEARTBEAT, "\"env_markers\":{", "\"env_markers\":{\"has_tty\":true,"));
    for (String payload : payloads) {
      assertAgree(payload);
    }
  }

  @Test
  void cutOffHeartbeatsGiveTheSameOutcome() throws Exception {
    // Guesses read ahead of the current byte; near the end of the input they must not.
    for (int cut = HEARTBEAT.length() - 120; cut < HEARTBEAT.length(); cut++) {
      assertAgree(HEARTBEAT.substring(0, cut));
    }
  }

  @Test
  void randomlyEditedHeartbeatsGiveTheSameOutcome() throws Exception {
    Random random = new Random(3);
    String inserts = "{}[],:\"\\ 0123456789-./_aeiostx";
    List<String> outcomes = new ArrayList<>();
    for (int round = 0; round < 300; round++) {
      StringBuilder s = new StringBuilder(HEARTBEAT);
      for (int edit = 1 + random.nextInt(3); edit > 0; edit--) {
        int at = random.nextInt(s.length());
        char c = inserts.charAt(random.nextInt(inserts.length()));
        switch (random.nextInt(3)) {
          case 0 -> s.deleteCharAt(at);
          case 1 -> s.insert(at, c);
          default -> s.setCharAt(at, c);
        }
      }
      byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
      Optional<AnonymityViolation> fresh = onFreshThread(bytes);
      assertThat(onTrainedThread(bytes)).as(s.toString()).isEqualTo(fresh);
      outcomes.add(fresh.map(v -> v.rule().wireName()).orElse("clean"));
    }
    assertThat(outcomes).contains("clean", "malformed_payload");
  }
}
