package app.mcpproxy.telemetry.collector.http;

import app.mcpproxy.telemetry.collector.statistics.OpenDayCache;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.EraseInstall;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code DELETE /v1/installs/{anonymous_id}}: erases every row of an install and answers 204
 * whether or not there were any, so the answer tells nobody whether an id was ever seen.
 */
public final class InstallsEndpoint {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Writes writes;
  private final OpenDayCache openDays;

  public InstallsEndpoint(Writes writes, OpenDayCache openDays) {
    this.writes = writes;
    this.openDays = openDays;
  }

  void erase(Exchange exchange, String anonymousId) {
    String id = anonymousId.toLowerCase(Locale.ROOT);
    if (!UUID.matcher(id).matches()) {
      exchange.reject(
          Rejection.badRequest("anonymous_id must be a UUID").with("field", "anonymous_id"));
      return;
    }
    writes.submit(
        exchange,
        new EraseInstall(id),
        () -> {
          openDays.clear();
          exchange.noContent();
        });
  }
}
