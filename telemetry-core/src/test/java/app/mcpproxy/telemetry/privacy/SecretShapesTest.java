package app.mcpproxy.telemetry.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretShapesTest {

  private static Optional<String> kindOf(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    int rank = SecretShapes.find(bytes, 0, bytes.length);
    return rank < 0 ? Optional.empty() : Optional.of(SecretShapes.kind(rank));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a              | github_token",
        "token=ghp_16C7e42F292c6912E7710c838347Ae178B4a        | github_token",
        "glpat-xK3_9aQ2vT7bN1mR5wY8                            | gitlab_token",
        "sk-ant-api03-Xk3uE9aQ2vT7bN1mR5wY8zL4                 | anthropic_key",
        "sk-proj-Xk3uE9aQ2vT7bN1mR5wY8zL4                      | openai_key",
        "AKIAIOSFODNN7EXAMPLE                                  | aws_access_key",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q               | google_api_key",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp      | slack_token",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc                      | stripe_key",
        "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh                 | huggingface_token",
        "SK0123456789abcdef0123456789abcdef                    | twilio_key",
        "SG.abcdefghij1234567890AB.CDEFGHIJ1234567890klmnopqrst | sendgrid_key",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc  | jwt",
        "-----BEGIN OPENSSH PRIVATE KEY-----                   | pem_block",
        "mail alice.smith@example.com now                      | email",
        "10.0.0.12                                             | ipv4_address",
        "host 192.168.1.254:8080                               | ipv4_address",
        "fe80::1ff:fe23:4567:890a                              | ipv6_address",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334               | ipv6_address",
        "00:1a:2B:3c:4d:5e                                     | mac_address",
        "00-1A-2B-3C-4D-5E                                     | mac_address",
        "https://db01.corp.example.com/x                       | url",
        "\\\\fileserver\\share                                 | unc_path",
        "C:\\Projects\\mcp                                     | drive_path",
        "d:/work                                               | drive_path",
        "~/projects                                            | home_path",
        "$HOME/.config                                         | home_path",
        "${HOME}/bin                                           | home_path",
        "%USERPROFILE%\\x                                      | home_path",
        "4111111111111111                                      | digit_run",
        "d41d8cd98f00b204e9800998ecf8427e                      | high_entropy",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCY9xAmPLEkEY              | high_entropy",
      })
  void findsEachKind(String value, String kind) {
    assertThat(kindOf(value)).contains(kind);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "GET /api/v1/servers/{name}/tools",
        "sensitive_data_detection_enabled",
        "sensitiveDataDetectionEnabled",
        "claude-code",
        "v1.4.2-rc.1",
        "java17.0.15",
        "1.2.3",
        "12345678",
        "15:31:00",
        "std::vector",
        "::1",
        "a@b.c",
        "mcp-remote@0.1.2",
        "@modelcontextprotocol/server-filesystem",
        "sk-learn-is-a-library",
        "aixdockerfileppc64le",
        "100k_plus",
        "1:/x",
        "~user",
        "$PATH",
        "%PATH%",
      })
  void passesCleanLookalikes(String value) {
    assertThat(kindOf(value)).isEmpty();
  }

  @Test
  void reportsTheLowestRankedKindInAString() {
    assertThat(kindOf("alice@example.com ghp_16C7e42F292c6912E7710c838347Ae178B4a"))
        .contains("github_token");
  }

  @Test
  void everyProviderTokenIsLongEnoughToPassTheGate() {
    for (SecretShapes.Provider provider : SecretShapes.PROVIDERS) {
      String prefix = provider.prefix();
      boolean base64 = provider.alphabet() == SecretShapes.BODY_BASE64;
      String run = base64 ? "[A-Za-z0-9_+/-]" : "[A-Za-z0-9_-]";
      String tail = prefix.replaceAll("^.*[^" + run.substring(1), "");
      assertThat(tail.length() + provider.minBody())
          .as(prefix)
          .isGreaterThanOrEqualTo(base64 ? 30 : SecretShapes.MIN_TOKEN_RUN);
    }
  }

  @Test
  void cheapGateNeverHidesAShape() {
    String alphabet = "aAbBeyJzZ019_-+/.:@\\~$%{} Gh";
    Random random = new Random(11);
    int found = 0;
    for (int n = 0; n < 200_000; n++) {
      byte[] s = new byte[random.nextInt(48)];
      for (int k = 0; k < s.length; k++) {
        s[k] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
      }
      int exact = SecretShapes.findExactly(s, 0, s.length);
      assertThat(SecretShapes.find(s, 0, s.length)).isEqualTo(exact);
      found += exact >= 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThan(1000);
    for (AnonymityScannerCorpusTest.Secret secret : AnonymityScannerCorpusTest.secrets()) {
      byte[] s = secret.value().getBytes(StandardCharsets.ISO_8859_1);
      assertThat(SecretShapes.find(s, 0, s.length))
          .isEqualTo(SecretShapes.findExactly(s, 0, s.length));
    }
  }

  @Test
  void agreesWithTheReferenceOnTheCorpora() {
    for (AnonymityScannerCorpusTest.Secret secret : AnonymityScannerCorpusTest.secrets()) {
      assertThat(kindOf(secret.value()))
          .as(secret.kind())
          .isEqualTo(ReferenceScanner.secretIn(secret.value()));
    }
    for (String clean : AnonymityScannerCorpusTest.cleanValues()) {
      assertThat(kindOf(clean)).as(clean).isEqualTo(ReferenceScanner.secretIn(clean));
    }
  }
}
