package app.mcpproxy.telemetry.flags;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Classifies an upstream server's OAuth provider by the host of its URL, so that a heartbeat
 * carries only {@code github}, {@code google}, {@code microsoft} or {@code generic}, never the URL.
 *
 * <p>Only the host counts, never the path, query or user info, and a known domain must be the host
 * or a suffix of it after a dot: {@code api.github.com} is github, while {@code
 * github.com.attacker.example}, {@code evilgithub.com} and {@code https://github.com@evil.example/}
 * are generic.
 */
public final class OAuthProviders {
  /** Type of servers on GitHub domains. */
  public static final String GITHUB = "github";

  /** Type of servers on Google domains. */
  public static final String GOOGLE = "google";

  /** Type of servers on Microsoft and Azure domains. */
  public static final String MICROSOFT = "microsoft";

  /** Type of every other server, and of URLs without a usable host. */
  public static final String GENERIC = "generic";

  private static final List<String> GITHUB_DOMAINS =
      List.of("github.com", "githubusercontent.com", "githubcopilot.com");
  private static final List<String> GOOGLE_DOMAINS =
      List.of("google.com", "googleapis.com", "googleusercontent.com");
  private static final List<String> MICROSOFT_DOMAINS =
      List.of("microsoftonline.com", "microsoft.com", "azurewebsites.net", "azure.com");

  private OAuthProviders() {}

  /**
   * Returns the provider type of a server URL.
   *
   * @param url the server's URL, may be {@code null}
   * @return {@link #GITHUB}, {@link #GOOGLE}, {@link #MICROSOFT}, or {@link #GENERIC} for any other
   *     host and for a missing or unparsable URL or one without a scheme
   */
  public static String classify(String url) {
    String host = hostOf(url);
    if (matches(host, GITHUB_DOMAINS)) {
      return GITHUB;
    }
    if (matches(host, GOOGLE_DOMAINS)) {
      return GOOGLE;
    }
    if (matches(host, MICROSOFT_DOMAINS)) {
      return MICROSOFT;
    }
    return GENERIC;
  }

  /**
   * Sorts and deduplicates provider types.
   *
   * @param types provider types, may be {@code null}
   * @return the distinct types in ascending order, unmodifiable; empty for {@code null}
   * @throws NullPointerException when an element is {@code null}
   */
  public static List<String> sorted(Collection<String> types) {
    if (types == null) {
      return List.of();
    }
    TreeSet<String> distinct = new TreeSet<>();
    for (String type : types) {
      distinct.add(Objects.requireNonNull(type, "OAuth provider type must not be null"));
    }
    return List.copyOf(distinct);
  }

  /** Returns the lower-cased host without a trailing dot, or an empty string when there is none. */
  private static String hostOf(String url) {
    if (url == null || url.isBlank()) {
      return "";
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return "";
    }
    String host = uri.getHost();
    if (host == null) {
      host = registryHost(uri);
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /**
   * Returns the host of an authority that {@link URI} could not parse as a server (a host name with
   * an underscore, say): the part after the user info and before the port.
   */
  private static String registryHost(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return "";
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      return "";
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static boolean matches(String host, List<String> domains) {
    for (String domain : domains) {
      if (host.equals(domain) || host.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }
}
