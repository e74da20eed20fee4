package app.mcpproxy.telemetry.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketsTest {
  @Nested
  class Tokens {
    @ParameterizedTest(name = "{0} tokens -> {1}")
    @CsvSource({
      "-9223372036854775808, 0",
      "-5, 0",
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
    void bucketsByInclusiveUpperEdge(long tokens, String bucket) {
      assertThat(Buckets.tokens(tokens)).isEqualTo(bucket);
    }
  }

  @Nested
  class UpstreamToolCalls {
    @ParameterizedTest(name = "{0} calls -> {1}")
    @CsvSource({
      "0, 0",
      "1, 1-10",
      "10, 1-10",
      "11, 11-100",
      "100, 11-100",
      "101, 101-1000",
      "1000, 101-1000",
      "1001, 1000+",
      "9223372036854775807, 1000+",
    })
    void bucketsByInclusiveUpperEdge(long calls, String bucket) {
      assertThat(Buckets.upstreamToolCalls(calls)).isEqualTo(bucket);
    }

    @Test
    void rejectsNegativeCounts() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> Buckets.upstreamToolCalls(-1))
          .withMessageContaining("-1");
    }
  }
}
