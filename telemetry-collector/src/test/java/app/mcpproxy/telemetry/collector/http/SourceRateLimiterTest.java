package app.mcpproxy.telemetry.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.mcpproxy.telemetry.collector.RateLimit;
import app.mcpproxy.telemetry.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {
  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");

  private static InetSocketAddress address(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  @Test
  void letsABurstThroughThenAsksToWaitForTheNextToken() {
    SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(2, 3), clock, 100);
    InetSocketAddress source = address("192.0.2.10", 40_000);

    assertThat(limiter.acquire(source)).isZero();
    assertThat(limiter.acquire(source)).isZero();
    assertThat(limiter.acquire(source)).isZero();
    assertThat(limiter.acquire(source)).isEqualTo(500);
  }

  @Test
  void refillsAtTheConfiguredRate() {
    SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(2, 1), clock, 100);
    InetSocketAddress source = address("192.0.2.10", 40_000);
    limiter.acquire(source);

    clock.advance(Duration.ofMillis(250));
    long halfway = limiter.acquire(source);
    clock.advance(Duration.ofMillis(250));
    long refilled = limiter.acquire(source);

    assertThat(halfway).isEqualTo(250);
    assertThat(refilled).isZero();
  }

  @Test
  void countsEachAddressSeparatelyWhateverThePort() {
    SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(1, 1), clock, 100);

    assertThat(limiter.acquire(address("192.0.2.10", 1))).isZero();
    assertThat(limiter.acquire(address("192.0.2.10", 2))).isPositive();
    assertThat(limiter.acquire(address("192.0.2.11", 1))).isZero();
  }

  @Test
  void groupsIpv6AddressesByTheirSlash64Network() {
    SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(1, 1), clock, 100);

    assertThat(limiter.acquire(address("2001:db8:1:2::1", 1))).isZero();
    assertThat(limiter.acquire(address("2001:db8:1:2::ffff", 1))).isPositive();
    assertThat(limiter.acquire(address("2001:db8:1:3::1", 1))).isZero();
  }

  @Test
  void forgetsAddressesWhoseBucketsAreFullWhenTheMapIsFull() {
    SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(1, 1), clock, 4);
    for (int i = 0; i < 4; i++) {
      limiter.acquire(address("192.0.2." + i, 1));
    }
    clock.advance(Duration.ofSeconds(1));

    limiter.acquire(address("192.0.2.99", 1));

    assertThat(limiter.trackedSources()).isEqualTo(1);
  }

  @Test
  void neverTracksMoreAddressesThanItsLimit() {
    SourceRateLimiter limiter = new SourceRateLimiter(new RateLimit(1, 1), clock, 8);

    for (int i = 0; i < 100; i++) {
      limiter.acquire(address("198.51.100." + i, 1));
      assertThat(limiter.trackedSources()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void anUnlimitedRateTracksNothing() {
    SourceRateLimiter limiter = new SourceRateLimiter(RateLimit.unlimited(), clock, 8);

    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire(address("192.0.2.10", 1))).isZero();
    }
    assertThat(limiter.trackedSources()).isZero();
  }

  @Test
  void rejectsAZeroTrackingLimit() {
    assertThatThrownBy(() -> new SourceRateLimiter(RateLimit.DEFAULT, clock, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxTrackedSources");
  }
}
