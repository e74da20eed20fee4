package app.mcpproxy.telemetry.service;

import java.util.Objects;
import java.util.Optional;

/**
 * The heartbeat that would be sent now and the anonymity scanner's verdict on it, from {@link
 * TelemetryService#dryRun()}; nothing was sent or changed to make it.
 */
public final class DryRun {
  private final byte[] json;
  private final String prettyJson;
  private final Optional<String> refusal;

  DryRun(byte[] json, String prettyJson, Optional<String> refusal) {
    this.json = json.clone();
    this.prettyJson = Objects.requireNonNull(prettyJson, "prettyJson");
    this.refusal = Objects.requireNonNull(refusal, "refusal");
  }

  /**
   * Returns the exact bytes the heartbeat would carry.
   *
   * @return UTF-8 JSON, a fresh copy
   */
  public byte[] json() {
    return json.clone();
  }

  /**
   * Returns the same JSON as {@link #json()}, indented for people.
   *
   * @return the indented JSON
   */
  public String prettyJson() {
    return prettyJson;
  }

  /**
   * Tells why the anonymity scanner refuses the heartbeat: its rule and reason, such as {@code
   * blocked_value: ...}; a refused heartbeat is never sent.
   *
   * @return the refusal, or empty when the heartbeat passes the scan
   */
  public Optional<String> refusal() {
    return refusal;
  }

  /**
   * Tells whether the anonymity scanner lets the heartbeat go.
   *
   * @return {@code true} when nothing in it identifies the install or its person
   */
  public boolean passes() {
    return refusal.isEmpty();
  }

  @Override
  public String toString() {
    return "DryRun["
        + json.length
        + " bytes, "
        + refusal.map(r -> "refused: " + r).orElse("passes")
        + "]";
  }
}
