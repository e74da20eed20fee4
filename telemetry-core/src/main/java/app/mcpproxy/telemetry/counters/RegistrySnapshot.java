package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.DoctorCounts;
import app.mcpproxy.telemetry.model.Surface;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The counters of a {@link CounterRegistry} at one moment: what goes into a heartbeat, what is
 * persisted between runs, and what {@link CounterRegistry#subtract} removes after a send.
 *
 * <p>The maps are immutable and sorted by key. Every surface is present, zero or not; in the other
 * maps zero counts are left out, so two snapshots with the same counts are equal.
 *
 * @param surfaceRequests requests by client surface wire name; all surfaces present
 * @param builtinToolCalls calls by built-in tool wire name
 * @param upstreamToolCalls calls of upstream tools, counted in total only
 * @param restEndpointCalls calls by {@code "METHOD /route/template"} (or {@code UNMATCHED}), then
 *     by status class {@code 2xx}-{@code 5xx}
 * @param errorCategoryCounts errors by category wire name
 * @param doctorChecks pass and fail counts by diagnostic check name
 */
public record RegistrySnapshot(
    SortedMap<String, Long> surfaceRequests,
    SortedMap<String, Long> builtinToolCalls,
    long upstreamToolCalls,
    SortedMap<String, SortedMap<String, Long>> restEndpointCalls,
    SortedMap<String, Long> errorCategoryCounts,
    SortedMap<String, DoctorCounts> doctorChecks) {

  private static final RegistrySnapshot EMPTY =
      new RegistrySnapshot(
          Collections.emptySortedMap(),
          Collections.emptySortedMap(),
          0,
          Collections.emptySortedMap(),
          Collections.emptySortedMap(),
          Collections.emptySortedMap());

  /**
   * Checks and normalises the counts: {@code null} maps become empty, missing surfaces become zero,
   * zero counts elsewhere are dropped, and the maps are copied.
   *
   * @throws IllegalArgumentException if a count is negative
   * @throws NullPointerException if a key or count is {@code null}
   */
  public RegistrySnapshot {
    SortedMap<String, Long> surfaces = new TreeMap<>();
    for (Surface surface : Surface.values()) {
      surfaces.put(surface.wireName(), 0L);
    }
    if (surfaceRequests != null) {
      surfaceRequests.forEach(
          (key, count) ->
              surfaces.put(checkedKey("surfaceRequests", key), checkedCount(key, count)));
    }
    surfaceRequests = Collections.unmodifiableSortedMap(surfaces);
    builtinToolCalls = nonZero("builtinToolCalls", builtinToolCalls);
    if (upstreamToolCalls < 0) {
      throw new IllegalArgumentException(
          "upstreamToolCalls must be >= 0, got " + upstreamToolCalls);
    }
    SortedMap<String, SortedMap<String, Long>> rest = new TreeMap<>();
    if (restEndpointCalls != null) {
      restEndpointCalls.forEach(
          (key, byClass) -> {
            SortedMap<String, Long> counts =
                nonZero(checkedKey("restEndpointCalls", key), Objects.requireNonNull(byClass, key));
            if (!counts.isEmpty()) {
              rest.put(key, counts);
            }
          });
    }
    restEndpointCalls = Collections.unmodifiableSortedMap(rest);
    errorCategoryCounts = nonZero("errorCategoryCounts", errorCategoryCounts);
    SortedMap<String, DoctorCounts> doctor = new TreeMap<>();
    if (doctorChecks != null) {
      doctorChecks.forEach(
          (key, counts) -> {
            Objects.requireNonNull(counts, () -> "doctor counts of " + key);
            if (counts.pass() > 0 || counts.fail() > 0) {
              doctor.put(checkedKey("doctorChecks", key), counts);
            }
          });
    }
    doctorChecks = Collections.unmodifiableSortedMap(doctor);
  }

  /**
   * Returns a snapshot with no counts: every surface at zero and every other map empty.
   *
   * @return the empty snapshot
   */
  public static RegistrySnapshot empty() {
    return EMPTY;
  }

  /**
   * Returns the upstream tool calls as the bucket that goes on the wire.
   *
   * @return {@code 0}, {@code 1-10}, {@code 11-100}, {@code 101-1000} or {@code 1000+}
   */
  public String upstreamToolCallCountBucket() {
    return Buckets.upstreamToolCalls(upstreamToolCalls);
  }

  /**
   * Tells whether nothing at all was counted.
   *
   * @return {@code true} when every count is zero
   */
  public boolean isEmpty() {
    return upstreamToolCalls == 0
        && surfaceRequests.values().stream().allMatch(count -> count == 0)
        && builtinToolCalls.isEmpty()
        && restEndpointCalls.isEmpty()
        && errorCategoryCounts.isEmpty()
        && doctorChecks.isEmpty();
  }

  /**
   * Renders this snapshot as compact JSON, to persist counters that were not sent yet.
   *
   * @return the JSON text, read back by {@link #fromJson}
   */
  public String toJson() {
    return SnapshotJson.write(this);
  }

  /**
   * Reads a snapshot written by {@link #toJson}. Fields that are missing or {@code null} are empty;
   * unknown fields are ignored, so a newer format still restores what this version knows.
   *
   * @param json the JSON text
   * @return the snapshot
   * @throws IllegalArgumentException if the text is not such JSON; the message names the problem
   */
  public static RegistrySnapshot fromJson(String json) {
    return SnapshotJson.read(json);
  }

  private static String checkedKey(String map, String key) {
    return Objects.requireNonNull(key, () -> map + " holds a null key");
  }

  private static long checkedCount(String key, Long count) {
    Objects.requireNonNull(count, () -> "count of " + key);
    if (count < 0) {
      throw new IllegalArgumentException("count of " + key + " must be >= 0, got " + count);
    }
    return count;
  }

  private static SortedMap<String, Long> nonZero(String map, @Nullable Map<String, Long> counts) {
    SortedMap<String, Long> copy = new TreeMap<>();
    if (counts != null) {
      counts.forEach(
          (key, count) -> {
            if (checkedCount(checkedKey(map, key), count) > 0) {
              copy.put(key, count);
            }
          });
    }
    return Collections.unmodifiableSortedMap(copy);
  }
}
