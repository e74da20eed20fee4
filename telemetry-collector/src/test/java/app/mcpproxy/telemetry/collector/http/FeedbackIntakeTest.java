package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import app.mcpproxy.telemetry.collector.StoredFeedback;
import app.mcpproxy.telemetry.collector.TestHeartbeats;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedbackIntakeTest {
  private final FeedbackIntake intake =
      new FeedbackIntake(TestHeartbeats.MAPPER, MutableClock.at("2025-03-01T10:00:00.750Z"));

  @Test
  void keepsTheFeedbackAndItsContextReceivedToTheSecond() throws Rejection {
    StoredFeedback feedback =
        intake.admit(
            bytes(
                "{'category':'bug','message':'The tray icon vanishes.','email':'a@example.org',"
                    + "'context':{'version':'v0.25.0','edition':'personal','os':'linux',"
                    + "'arch':'amd64','server_count':2,'connected_server_count':1,"
                    + "'routing_mode':'retrieve_tools','extra':'dropped'}}"));

    assertThat(feedback.category()).isEqualTo("bug");
    assertThat(feedback.message()).isEqualTo("The tray icon vanishes.");
    assertThat(feedback.email()).isEqualTo("a@example.org");
    assertThat(feedback.receivedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    assertThat(feedback.context())
        .contains("\"server_count\":2")
        .contains("\"routing_mode\":\"retrieve_tools\"")
        .doesNotContain("extra");
  }

  @Test
  void acceptsFeedbackWithoutEmailOrContext() throws Rejection {
    StoredFeedback feedback =
        intake.admit(bytes("{'category':'other','message':'Thanks for the tool!','email':''}"));

    assertThat(feedback.email()).isNull();
    assertThat(feedback.context()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'category':'rant','message':'Long enough message.'}             | category",
        "{'message':'Long enough message.'}                               | category",
        "{'category':'bug','message':'short'}                             | message",
        "{'category':'bug','message':'          x          '}             | message",
        "{'category':'bug','message':42}                                  | message",
        "{'category':'bug','message':'Long enough message.','email':'no'} | email",
        "{'category':'bug','message':'Long enough message.','context':[]} | context",
        "{'category':'bug','message':'Long enough message.','context':{'server_count':'2'}} | context.server_count",
        "{'category':'bug','message':'Long enough message.','context':{'os':7}} | context.os",
        "[1, 2]                                                           | $",
      })
  void refusesWhatTheClientWouldRefuseNamingTheField(String json, String field) {
    Rejection rejection = catchThrowableOfType(Rejection.class, () -> intake.admit(bytes(json)));

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.reason()).isEqualTo("invalid_feedback");
    assertThat(rejection.body()).containsEntry("field", field);
  }

  @Test
  void refusesAMessageLongerThan5000Characters() {
    String message = "x".repeat(5001);

    Rejection rejection =
        catchThrowableOfType(
            Rejection.class,
            () -> intake.admit(bytes("{'category':'bug','message':'" + message + "'}")));

    assertThat(rejection.body()).containsEntry("field", "message");
  }

  @ParameterizedTest
  @ValueSource(strings = {"C0 AF", "C0 80", "E0 80 AF", "ED A0 80", "F4 90 80 80", "C3", "FE"})
  void refusesAMessageThatIsNotStrictUtf8(String hex) {
    byte[] prefix = bytes("{'category':'bug','message':'Broken bytes here: ");
    byte[] suffix = bytes(" and more text'}");
    String[] parts = hex.split(" ");
    byte[] body = new byte[prefix.length + parts.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    for (int i = 0; i < parts.length; i++) {
      body[prefix.length + i] = (byte) Integer.parseInt(parts[i], 16);
    }
    System.arraycopy(suffix, 0, body, prefix.length + parts.length, suffix.length);

    Rejection rejection = catchThrowableOfType(Rejection.class, () -> intake.admit(body));

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.getMessage()).isEqualTo("body is not valid UTF-8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'category':'bug','message':'A NUL \\u0000 inside the text'}",
        "{'category':'bug','message':'A lone \\ud83d surrogate in here'}",
        "{'category':'bug','message':'Long enough message.','context':{'server_count':1e400}}",
        "{'category':'bug','message':'Long enough message.','context':{'server_count':99999999999999999999}}"
      })
  void refusesNulUnpairedSurrogatesAndNumbersOutOfRange(String json) {
    Rejection rejection = catchThrowableOfType(Rejection.class, () -> intake.admit(bytes(json)));

    assertThat(rejection.status()).isEqualTo(400);
    assertThat(rejection.reason()).isEqualTo("malformed_json");
  }

  @Test
  void keepsAMessageWithCharactersBeyondTheBasicPlane() throws Rejection {
    StoredFeedback feedback =
        intake.admit(
            bytes("{'category':'feature','message':'More emoji please \\ud83d\\ude00 😀'}"));

    assertThat(feedback.message()).isEqualTo("More emoji please 😀 😀");
  }

  private static byte[] bytes(String singleQuotedJson) {
    return singleQuotedJson.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }
}
