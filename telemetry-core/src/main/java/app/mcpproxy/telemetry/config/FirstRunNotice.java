package app.mcpproxy.telemetry.config;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-time notice that tells the person running the host about telemetry, and the {@code
 * notice_shown} mark in the config file that keeps it one-time.
 */
public final class FirstRunNotice {

  /** The notice: what is sent, what never is, where to read more and how to switch it off. */
  public static final String TEXT =
      """

      mcpproxy sends an anonymous usage report once a day to help improve it.
      It holds a random install ID, the version, OS and architecture, feature switches
      and anonymous counts; never file paths, host names, user names, server names,
      URLs or tool names.
      Learn what is collected: https://mcpproxy.app/telemetry
      Turn it off: mcpproxy-telemetry disable    or set DO_NOT_TRACK=1

      """;

  private FirstRunNotice() {}

  /**
   * Prints the notice if it has not been dealt with yet, and marks it dealt with ({@code
   * telemetry.notice_shown: true}) in the config file.
   *
   * <p>When telemetry is off the notice is not printed but still marked, so it does not appear
   * later out of context. Checking and marking happen in one locked update, so of several processes
   * starting at once only one prints. The mark is written before printing: should the write fail,
   * the notice is not printed and the exception says why.
   *
   * @param config the host's config file
   * @param telemetryEnabled whether telemetry is on, after environment and config opt-outs
   * @param err where to print, normally {@code System.err}
   * @return {@code true} if the notice was printed by this call
   * @throws ConfigException when the config file cannot be read or written
   */
  public static boolean maybePrint(ConfigFile config, boolean telemetryEnabled, PrintStream err)
      throws ConfigException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(err, "err");
    if (config.read().noticeShown()) {
      return false;
    }
    AtomicBoolean claimed = new AtomicBoolean();
    config.updateTelemetry(
        settings -> {
          claimed.set(!settings.noticeShown());
          return settings.withNoticeShown(true);
        });
    if (!claimed.get() || !telemetryEnabled) {
      return false;
    }
    err.print(TEXT);
    err.flush();
    return true;
  }
}
