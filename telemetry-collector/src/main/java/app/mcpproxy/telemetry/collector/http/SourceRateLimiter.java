package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.RateLimit;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per source address, held in memory only: addresses are never stored, logged or
 * exposed. Buckets that have refilled completely carry no state and are evicted when the map grows.
 */
public final class SourceRateLimiter {
  public static final int DEFAULT_MAX_TRACKED_SOURCES = 100_000;

  private final RateLimit limit;
  private final Clock clock;
  private final int maxTrackedSources;
  private final ConcurrentHashMap<Object, Bucket> buckets = new ConcurrentHashMap<>();

  public SourceRateLimiter(RateLimit limit, Clock clock, int maxTrackedSources) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxTrackedSources < 1) {
      throw new IllegalArgumentException(
          "maxTrackedSources must be >= 1, got " + maxTrackedSources);
    }
    this.maxTrackedSources = maxTrackedSources;
  }

  /**
   * Takes one request's token for a source.
   *
   * @param source the peer's socket address
   * @return 0 when the request may go ahead, else the milliseconds until it could
   */
  long acquire(SocketAddress source) {
    if (limit.isUnlimited()) {
      return 0;
    }
    long now = clock.millis();
    Object key = keyOf(source);
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= maxTrackedSources) {
        evictIdle(now);
      }
      bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now));
    }
    return bucket.take(now, limit);
  }

  int trackedSources() {
    return buckets.size();
  }

  private void evictIdle(long now) {
    buckets.values().removeIf(bucket -> bucket.isFull(now, limit));
    // Under a flood of distinct addresses nothing is idle; forget all rather than grow unbounded.
    if (buckets.size() >= maxTrackedSources * 3L / 4) {
      buckets.clear();
    }
  }

  /**
   * IPv4 addresses count one by one; IPv6 addresses by their /64 network, one host's usual share.
   */
  private static Object keyOf(SocketAddress source) {
    if (source instanceof InetSocketAddress inet && inet.getAddress() != null) {
      InetAddress address = inet.getAddress();
      if (address instanceof Inet6Address) {
        return HexFormat.of().formatHex(address.getAddress(), 0, 8);
      }
      return address;
    }
    return String.valueOf(source);
  }

  private static final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(double tokens, long updatedAt) {
      this.tokens = tokens;
      this.updatedAt = updatedAt;
    }

    synchronized long take(long now, RateLimit limit) {
      refill(now, limit);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) * 1000 / limit.permitsPerSecond()));
    }

    synchronized boolean isFull(long now, RateLimit limit) {
      refill(now, limit);
      return tokens >= limit.burst();
    }

    private void refill(long now, RateLimit limit) {
      if (now > updatedAt) {
        tokens =
            Math.min(limit.burst(), tokens + (now - updatedAt) * limit.permitsPerSecond() / 1000);
        updatedAt = now;
      }
    }
  }
}
