package app.mcpproxy.telemetry.activation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "-9223372036854775808, 0",
    "-1, 0",
    "0, 0",
    "1, 1_100",
    "100, 1_100",
    "101, 100_1k",
    "1000, 100_1k",
    "1001, 1k_10k",
    "10000, 1k_10k",
    "10001, 10k_100k",
    "100000, 10k_100k",
    "100001, 100k_plus",
    "9223372036854775807, 100k_plus",
  })
  void bucketsTokenCountsByInclusiveUpperEdge(long tokens, String bucket) {
    assertThat(TokenBucket.of(tokens)).isEqualTo(bucket);
  }
}
