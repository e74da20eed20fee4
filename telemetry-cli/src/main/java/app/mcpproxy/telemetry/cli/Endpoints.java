package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.config.HostConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Which telemetry endpoint a command talks to, and checks on one given by the user. */
final class Endpoints {
  /**
   * The hosted endpoint used when neither the command line nor the config names one; the same as
   * the service's, kept here so that {@code status} does not load the service.
   */
  static final URI DEFAULT = URI.create("https://telemetry.mcpproxy.app/v1");

  private Endpoints() {}

  /**
   * Returns the endpoint in effect: the command line's, else the config's {@code
   * telemetry.endpoint}, else {@link #DEFAULT}.
   *
   * @param config the host config
   * @param override the {@code --endpoint} option, or {@code null}
   * @throws UsageException when the override is not an http(s) URL
   * @throws CommandFailure when the config's endpoint is not an http(s) URL
   */
  static URI effective(HostConfig config, String override) {
    if (override != null) {
      return parse(override, "--endpoint");
    }
    return config
        .endpoint()
        .filter(value -> !value.isBlank())
        .map(
            value -> {
              try {
                return parse(value, "telemetry.endpoint");
              } catch (UsageException e) {
                throw new CommandFailure(e.getMessage() + " in the config file", e);
              }
            })
        .orElse(DEFAULT);
  }

  /**
   * Parses an absolute http or https URL.
   *
   * @throws UsageException naming the value when it is not one
   */
  static URI parse(String value, String what) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new UsageException(what + " '" + value + "' is not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new UsageException(
          what + " '" + value + "' must be an http or https URL, such as " + DEFAULT);
    }
    return uri;
  }
}
