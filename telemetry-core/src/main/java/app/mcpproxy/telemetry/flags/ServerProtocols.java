package app.mcpproxy.telemetry.flags;

import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.config.ServerEntry;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts the host's configured servers by transport protocol, for {@code server_protocol_counts}.
 */
public final class ServerProtocols {
  /** The buckets, each always present in {@link #count(HostConfig)}. */
  public static final List<String> BUCKETS =
      List.of("stdio", "http", "sse", "streamable_http", "auto");

  private static final String AUTO = "auto";

  private ServerProtocols() {}

  /**
   * Counts servers per protocol bucket.
   *
   * @param config the host's config
   * @return all five buckets ({@code stdio}, {@code http}, {@code sse}, {@code streamable_http},
   *     {@code auto}) with their counts, zero included; sorted by key and unmodifiable
   */
  public static SortedMap<String, Integer> count(HostConfig config) {
    Objects.requireNonNull(config, "config");
    SortedMap<String, Integer> counts = new TreeMap<>();
    for (String bucket : BUCKETS) {
      counts.put(bucket, 0);
    }
    for (ServerEntry server : config.servers()) {
      counts.merge(bucket(server.protocol()), 1, Integer::sum);
    }
    return Collections.unmodifiableSortedMap(counts);
  }

  /**
   * Returns the bucket of a protocol as written in the config.
   *
   * @param protocol the {@code protocol} value, may be {@code null}
   * @return the bucket: the protocol trimmed and lower-cased, {@code streamable-http} and {@code
   *     streamablehttp} spelled {@code streamable_http}, and {@code auto} for empty or unknown
   */
  public static String bucket(String protocol) {
    if (protocol == null) {
      return AUTO;
    }
    String normalized = protocol.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("streamable-http") || normalized.equals("streamablehttp")) {
      return "streamable_http";
    }
    return BUCKETS.contains(normalized) ? normalized : AUTO;
  }
}
