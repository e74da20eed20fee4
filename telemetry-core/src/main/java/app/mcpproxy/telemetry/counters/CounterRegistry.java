package app.mcpproxy.telemetry.counters;

import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.DoctorCheckResult;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.Surface;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a host's users do, in memory, for the next heartbeat.
 *
 * <p>Recording is lock-free, never blocks, never touches disk and, once a key exists, allocates
 * nothing; it is meant to sit on request paths. Only fixed vocabularies are counted: unknown tool
 * names and error categories are dropped, REST calls are keyed by route template and never by raw
 * path, and upstream tools are counted in total, never by name. Recording never throws, whatever
 * the input.
 *
 * <p>After a heartbeat is accepted, {@link #subtract} removes exactly what it carried, so calls
 * recorded while it was in flight are kept for the next one:
 *
 * <pre>{@code
 * CounterRegistry counters = new CounterRegistry();
 * counters.recordSurface(Surface.WEBUI);
 * counters.recordRestRequest("GET", "/api/v1/servers/{name}", "2xx");
 *
 * RegistrySnapshot sent = counters.snapshot();
 * if (send(sent)) {
 *   counters.subtract(sent);
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #snapshot}, {@link #subtract}, {@link #add} and {@link #reset} are
 * serialised among themselves, not against recording.
 */
public final class CounterRegistry {
  private final EnumCounters<Surface> surfaces = new EnumCounters<>(Surface.class);
  private final EnumCounters<BuiltinTool> builtinTools = new EnumCounters<>(BuiltinTool.class);
  private final LongAdder upstreamTools = new LongAdder();
  private final Vocabulary vocabulary;
  private final RestCounters rest;
  private final EnumCounters<ErrorCategory> errors = new EnumCounters<>(ErrorCategory.class);
  private final DoctorCounters doctor;
  private final LongAdder anonymityViolations = new LongAdder();
  private final LongAdder droppedRestRequests = new LongAdder();
  private final Object maintenance = new Object();

  /**
   * Creates a registry that declares no route template and no check name: every REST call counts
   * under {@code UNMATCHED} and no diagnostic result is counted.
   */
  public CounterRegistry() {
    this(Vocabulary.empty());
  }

  /**
   * Creates a registry that counts REST calls and diagnostic results by the templates and names the
   * vocabulary declares, and no others.
   *
   * @param vocabulary the declared templates and names
   * @throws NullPointerException if {@code vocabulary} is {@code null}
   */
  public CounterRegistry(Vocabulary vocabulary) {
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    this.rest = new RestCounters(vocabulary.restRoutes());
    this.doctor = new DoctorCounters(vocabulary.doctorChecks());
  }

  /**
   * Returns the declared route templates and check names this registry counts.
   *
   * @return the vocabulary
   */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /**
   * Counts a request from a client surface.
   *
   * @param surface the surface; {@code null} counts as {@link Surface#UNKNOWN}
   */
  public void recordSurface(Surface surface) {
    surfaces.increment(surface == null ? Surface.UNKNOWN : surface);
  }

  /**
   * Counts a call of a built-in tool given by name; any other name, such as an upstream tool's, is
   * dropped.
   *
   * @param name the tool's wire name, such as {@code retrieve_tools}; may be {@code null}
   */
  public void recordBuiltinTool(String name) {
    builtinTools.incrementByWireName(name);
  }

  /**
   * Counts a call of a built-in tool.
   *
   * @param tool the tool; {@code null} is dropped
   */
  public void recordBuiltinTool(BuiltinTool tool) {
    if (tool != null) {
      builtinTools.increment(tool);
    }
  }

  /** Counts a call of an upstream tool; only the total is kept, never the tool's name. */
  public void recordUpstreamTool() {
    upstreamTools.increment();
  }

  /**
   * Counts a REST call under {@code "<METHOD> <routeTemplate>"} and its status class.
   *
   * <p>The method is matched ignoring ASCII case; anything but {@code GET}, {@code POST}, {@code
   * PUT}, {@code DELETE}, {@code PATCH}, {@code HEAD} and {@code OPTIONS} counts as {@code OTHER}.
   * A template that the registry's {@link Vocabulary} does not declare, or {@code null}, counts
   * under the key {@code UNMATCHED} alone; {@link #undeclaredRoutesTotal()} counts the undeclared
   * ones locally. A status class must be {@code 2xx}, {@code 3xx}, {@code 4xx} or {@code 5xx} in
   * any case; a call with any other, such as {@code 200} or {@code 1xx}, is not counted, because it
   * cannot be told apart from a bug in the caller and the wire format has no place for it. Such
   * calls add to {@link #droppedRestRequestsTotal()}.
   *
   * @param method the HTTP method; may be {@code null}
   * @param routeTemplate the matched route's template, such as {@code /api/v1/servers/{name}},
   *     never the raw path; may be {@code null}
   * @param statusClass {@code 2xx}, {@code 3xx}, {@code 4xx} or {@code 5xx}; may be {@code null}
   */
  public void recordRestRequest(String method, String routeTemplate, String statusClass) {
    countRestRequest(method, routeTemplate, RestKeys.statusClassIndex(statusClass));
  }

  /**
   * Counts a REST call like {@link #recordRestRequest(String, String, String)}, taking the status
   * code instead of its class.
   *
   * @param method the HTTP method; may be {@code null}
   * @param routeTemplate the matched route's template; may be {@code null}
   * @param status the HTTP status code; a call with a code outside 200 to 599 is not counted
   */
  public void recordRestRequest(String method, String routeTemplate, int status) {
    countRestRequest(method, routeTemplate, RestKeys.statusClassIndex(status));
  }

  private void countRestRequest(String method, String routeTemplate, int statusClass) {
    if (statusClass < 0) {
      droppedRestRequests.increment();
      return;
    }
    rest.increment(method, routeTemplate, statusClass);
  }

  /**
   * Counts an error of a fixed category.
   *
   * @param category the category; {@code null} is dropped
   */
  public void recordError(ErrorCategory category) {
    if (category != null) {
      errors.increment(category);
    }
  }

  /**
   * Counts each result of a diagnostic run as a pass or a fail of its check. Results that are
   * {@code null} or name a check the registry's {@link Vocabulary} does not declare are dropped;
   * {@link #undeclaredChecksTotal()} counts the latter locally.
   *
   * @param results the results of one run; {@code null} counts nothing
   */
  public void recordDoctorRun(Collection<? extends DoctorCheckResult> results) {
    if (results == null) {
      return;
    }
    if (results instanceof List && results instanceof RandomAccess) {
      // Indexed, so that no iterator is allocated.
      List<? extends DoctorCheckResult> list = (List<? extends DoctorCheckResult>) results;
      for (int i = 0; i < list.size(); i++) {
        recordDoctorResult(list.get(i));
      }
    } else {
      for (DoctorCheckResult result : results) {
        recordDoctorResult(result);
      }
    }
  }

  private void recordDoctorResult(DoctorCheckResult result) {
    if (result != null) {
      doctor.record(result.checkName(), result.passed());
    }
  }

  /**
   * Counts a heartbeat that the anonymity scanner refused. This count is never sent and never
   * reset.
   */
  public void recordAnonymityViolation() {
    anonymityViolations.increment();
  }

  /**
   * Returns how many heartbeats the anonymity scanner refused since this registry was created.
   *
   * @return the lifetime count
   */
  public long anonymityViolationsTotal() {
    return anonymityViolations.sum();
  }

  /**
   * Returns how many REST calls were not counted because their status class was not {@code
   * 2xx}-{@code 5xx}; a non-zero value points at a bug in the caller. Never sent, never reset.
   *
   * @return the lifetime count
   */
  public long droppedRestRequestsTotal() {
    return droppedRestRequests.sum();
  }

  /**
   * Returns how many REST calls, recorded or restored, named a route template the vocabulary does
   * not declare and so were counted under {@code UNMATCHED}. Never sent, never reset.
   *
   * @return the lifetime count
   */
  public long undeclaredRoutesTotal() {
    return rest.undeclaredTotal();
  }

  /**
   * Returns how many diagnostic results, recorded or restored, named a check the vocabulary does
   * not declare and so were dropped. Never sent, never reset.
   *
   * @return the lifetime count
   */
  public long undeclaredChecksTotal() {
    return doctor.undeclaredTotal();
  }

  /**
   * Removes every count of one REST key, such as one the anonymity scanner refused. Calls recorded
   * later count again.
   *
   * @param key a key as in {@link RegistrySnapshot#restEndpointCalls()}
   * @return whether the key is one this registry counts
   */
  public boolean removeRestEndpointCalls(String key) {
    Objects.requireNonNull(key, "key");
    synchronized (maintenance) {
      return rest.clear(key);
    }
  }

  /**
   * Removes every count of one diagnostic check, such as one the anonymity scanner refused. Results
   * recorded later count again.
   *
   * @param name a check name as in {@link RegistrySnapshot#doctorChecks()}
   * @return whether the check is one this registry counts
   */
  public boolean removeDoctorCheck(String name) {
    Objects.requireNonNull(name, "name");
    synchronized (maintenance) {
      return doctor.clear(name);
    }
  }

  /**
   * Takes a snapshot of every count. Calls recorded meanwhile are in it or not, each as a whole;
   * either way {@link #subtract} of this snapshot keeps exactly the ones not in it.
   *
   * @return the snapshot
   */
  public RegistrySnapshot snapshot() {
    synchronized (maintenance) {
      return new RegistrySnapshot(
          surfaces.snapshot(true),
          builtinTools.snapshot(false),
          upstreamTools.sum(),
          rest.snapshot(),
          errors.snapshot(false),
          doctor.snapshot());
    }
  }

  /**
   * Removes what a heartbeat carried, after the collector accepted it; calls recorded since the
   * snapshot are kept. Keys that reach zero disappear from later snapshots. A count is never taken
   * below zero, so a snapshot subtracted after a {@link #reset} cannot hide calls recorded later.
   *
   * @param sent a snapshot of this registry that was sent, each subtracted once
   * @throws NullPointerException if {@code sent} is {@code null}
   */
  public void subtract(RegistrySnapshot sent) {
    Objects.requireNonNull(sent, "sent");
    synchronized (maintenance) {
      surfaces.subtract(sent.surfaceRequests());
      builtinTools.subtract(sent.builtinToolCalls());
      Adders.subtract(upstreamTools, sent.upstreamToolCalls());
      rest.subtract(sent.restEndpointCalls());
      errors.subtract(sent.errorCategoryCounts());
      doctor.subtract(sent.doctorChecks());
    }
  }

  /**
   * Adds counts restored from a persisted snapshot, such as those not sent before the last exit.
   * Keys are checked against the same vocabularies as recording, since the file may have been
   * edited or written under another vocabulary: unknown surfaces, tools and categories are ignored,
   * REST keys of undeclared templates count under {@code UNMATCHED}, bad status classes are ignored
   * and undeclared check names are dropped.
   *
   * @param restored the snapshot to merge in
   * @throws NullPointerException if {@code restored} is {@code null}
   */
  public void add(RegistrySnapshot restored) {
    Objects.requireNonNull(restored, "restored");
    synchronized (maintenance) {
      surfaces.add(restored.surfaceRequests());
      builtinTools.add(restored.builtinToolCalls());
      Adders.add(upstreamTools, restored.upstreamToolCalls());
      rest.add(restored.restEndpointCalls());
      errors.add(restored.errorCategoryCounts());
      doctor.add(restored.doctorChecks());
    }
  }

  /**
   * Sets every count to zero, except the lifetime totals of anonymity violations and dropped REST
   * calls. A call recorded during the reset is either cleared or kept, never half-counted.
   */
  public void reset() {
    synchronized (maintenance) {
      surfaces.reset();
      builtinTools.reset();
      Adders.clear(upstreamTools);
      rest.reset();
      errors.reset();
      doctor.reset();
    }
  }

  /**
   * Counts a request from a client surface, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   * @param surface the surface
   */
  public static void recordSurfaceOn(CounterRegistry registry, Surface surface) {
    if (registry != null) {
      registry.recordSurface(surface);
    }
  }

  /**
   * Counts a call of a built-in tool given by name, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   * @param name the tool's wire name
   */
  public static void recordBuiltinToolOn(CounterRegistry registry, String name) {
    if (registry != null) {
      registry.recordBuiltinTool(name);
    }
  }

  /**
   * Counts a call of a built-in tool, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   * @param tool the tool
   */
  public static void recordBuiltinToolOn(CounterRegistry registry, BuiltinTool tool) {
    if (registry != null) {
      registry.recordBuiltinTool(tool);
    }
  }

  /**
   * Counts a call of an upstream tool, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   */
  public static void recordUpstreamToolOn(CounterRegistry registry) {
    if (registry != null) {
      registry.recordUpstreamTool();
    }
  }

  /**
   * Counts a REST call, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   * @param method the HTTP method
   * @param routeTemplate the matched route's template
   * @param statusClass {@code 2xx}, {@code 3xx}, {@code 4xx} or {@code 5xx}
   */
  public static void recordRestRequestOn(
      CounterRegistry registry, String method, String routeTemplate, String statusClass) {
    if (registry != null) {
      registry.recordRestRequest(method, routeTemplate, statusClass);
    }
  }

  /**
   * Counts an error, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   * @param category the category
   */
  public static void recordErrorOn(CounterRegistry registry, ErrorCategory category) {
    if (registry != null) {
      registry.recordError(category);
    }
  }

  /**
   * Counts a diagnostic run, if there is a registry.
   *
   * @param registry the registry, may be {@code null}
   * @param results the results of the run
   */
  public static void recordDoctorRunOn(
      CounterRegistry registry, Collection<? extends DoctorCheckResult> results) {
    if (registry != null) {
      registry.recordDoctorRun(results);
    }
  }
}
