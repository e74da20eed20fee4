package app.mcpproxy.telemetry.feedback;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import app.mcpproxy.telemetry.testing.RateLimiterContract;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest extends RateLimiterContract {
  @Override
  protected RateLimiter newLimiter(int maxPerHour) {
    return RateLimiter.inMemory(maxPerHour, clock());
  }

  @Test
  void requiresAClock() {
    assertThatNullPointerException().isThrownBy(() -> RateLimiter.inMemory(5, null));
  }
}
