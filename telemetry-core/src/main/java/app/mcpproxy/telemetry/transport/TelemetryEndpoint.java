package app.mcpproxy.telemetry.transport;

import app.mcpproxy.telemetry.model.FeedbackRequest;
import app.mcpproxy.telemetry.model.FeedbackResponse;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The collector endpoint: {@code POST {endpoint}/heartbeat}, {@code POST {endpoint}/feedback} and
 * {@code DELETE {endpoint}/installs/{id}}.
 *
 * <p>Every request is bounded by the request timeout; redirects are never followed when the default
 * client is used; the {@code User-Agent} names only this library and its version.
 */
public final class TelemetryEndpoint {
  /** Where heartbeats go unless the host or the config says otherwise. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://telemetry.mcpproxy.app/v1");

  /** The header that lets a collector recognise a retry of a heartbeat it already added. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The heartbeat request timeout unless configured otherwise. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** How much of an error body is quoted in an exception message. */
  static final int QUOTED_BODY_CHARS = 200;

  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final Pattern UUID_PATTERN =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

  private final URI endpoint;
  private final String base;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;
  private final String userAgent;
  private final FeedbackJson feedbackJson = new FeedbackJson();

  /**
   * Creates an endpoint client.
   *
   * @param endpoint the base URI, such as {@code https://telemetry.mcpproxy.app/v1}; a trailing
   *     slash is ignored
   * @param client the HTTP client
   * @param requestTimeout the bound on each request, positive
   * @param clock the clock used to turn a {@code Retry-After} date into a delay
   * @throws IllegalArgumentException when the endpoint is not an absolute http(s) URI without query
   *     or fragment, or the timeout is not positive
   */
  public TelemetryEndpoint(URI endpoint, HttpClient client, Duration requestTimeout, Clock clock) {
    this.endpoint = checkEndpoint(endpoint);
    this.base = stripTrailingSlashes(endpoint.toString());
    this.client = Objects.requireNonNull(client, "client");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
    this.requestTimeout = requestTimeout;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.userAgent = "mcpproxy-telemetry-java/" + libraryVersion();
  }

  /**
   * Creates the default HTTP client: HTTP/1.1, the given connect timeout, redirects never followed.
   *
   * @param connectTimeout the connect timeout
   * @return the client
   */
  public static HttpClient defaultClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Checks an endpoint URI.
   *
   * @param endpoint the URI
   * @return the same URI
   * @throws IllegalArgumentException when it is not an absolute http(s) URI with a host and without
   *     query or fragment
   */
  public static URI checkEndpoint(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!endpoint.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || endpoint.getHost() == null
        || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "endpoint must be an absolute http(s) URI without query or fragment, got " + endpoint);
    }
    return endpoint;
  }

  /**
   * Returns the base URI requests are made against.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Returns the {@code User-Agent} sent with every request.
   *
   * @return the user agent, such as {@code mcpproxy-telemetry-java/0.1.0}
   */
  public String userAgent() {
    return userAgent;
  }

  /**
   * Posts a heartbeat.
   *
   * @param json the serialised payload
   * @return the status and {@code Retry-After}, or why no answer came; never throws for network
   *     trouble
   */
  public EndpointResult postHeartbeat(byte[] json) {
    Objects.requireNonNull(json, "json");
    return exchange(heartbeatRequest(json).build());
  }

  /**
   * Posts a heartbeat with an {@code Idempotency-Key} header, so that a collector that remembers
   * keys adds a retry of the same counts only once; an endpoint that ignores the header is
   * unaffected.
   *
   * @param json the payload
   * @param idempotencyKey the same on every retry of the same counts, such as a random UUID
   * @return the status, or why no answer came
   * @throws IllegalArgumentException when the key is blank or holds other than visible ASCII
   */
  public EndpointResult postHeartbeat(byte[] json, String idempotencyKey) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (!idempotencyKey.matches("[\\x21-\\x7e]{1,255}")) {
      throw new IllegalArgumentException("not a usable idempotency key");
    }
    return exchange(heartbeatRequest(json).header(IDEMPOTENCY_KEY, idempotencyKey).build());
  }

  private HttpRequest.Builder heartbeatRequest(byte[] json) {
    return request("/heartbeat")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
  }

  /**
   * Asks the endpoint to delete what it holds for an install.
   *
   * @param anonymousId the install's anonymous id, a lower-case UUID
   * @return the status, or why no answer came
   * @throws IllegalArgumentException when the id is not a lower-case UUID
   */
  public EndpointResult deleteInstall(String anonymousId) {
    Objects.requireNonNull(anonymousId, "anonymousId");
    if (!UUID_PATTERN.matcher(anonymousId).matches()) {
      throw new IllegalArgumentException("not an anonymous id: " + anonymousId);
    }
    return exchange(request("/installs/" + anonymousId).DELETE().build());
  }

  /**
   * Posts feedback.
   *
   * @param feedback the feedback, with its context filled in
   * @return the endpoint's answer; a 2xx answer whose body is not JSON is a success
   * @throws EndpointException when no answer came, or the status was 300 or more (the message then
   *     quotes at most 200 characters of the body)
   */
  public FeedbackResponse postFeedback(FeedbackRequest feedback) throws EndpointException {
    Objects.requireNonNull(feedback, "feedback");
    HttpRequest request =
        request("/feedback")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(feedbackJson.write(feedback)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = await(client.sendAsync(request, LimitedBody.handler(MAX_BODY_BYTES)));
    } catch (NoAnswerException e) {
      throw new EndpointException(0, "feedback not sent: " + e.reason(), e.getCause());
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw new EndpointException(
          status, "feedback refused: HTTP " + status + quote(response.body()), null);
    }
    return feedbackJson.readSuccessBody(response.body());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(requestTimeout)
        .header("User-Agent", userAgent);
  }

  private EndpointResult exchange(HttpRequest request) {
    try {
      HttpResponse<Void> response =
          await(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      return EndpointResult.answered(
          response.statusCode(),
          RetryAfter.parse(
              response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
    } catch (NoAnswerException e) {
      return EndpointResult.failed(e.reason());
    }
  }

  private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> pending)
      throws NoAnswerException {
    try {
      return pending.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new NoAnswerException("timeout", e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new NoAnswerException("interrupted", e);
    } catch (ExecutionException e) {
      throw new NoAnswerException(reason(e.getCause()), e.getCause());
    }
  }

  /** A short reason for a failed exchange; never the exception message, which may be long. */
  static String reason(@Nullable Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException) {
        return "timeout";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
    }
    if (failure instanceof IOException) {
      return "I/O error (" + failure.getClass().getSimpleName() + ")";
    }
    return "failed (" + (failure == null ? "unknown" : failure.getClass().getSimpleName()) + ")";
  }

  private static String quote(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "";
    }
    if (text.codePointCount(0, text.length()) > QUOTED_BODY_CHARS) {
      text = text.substring(0, text.offsetByCodePoints(0, QUOTED_BODY_CHARS)) + "…";
    }
    return ": " + text;
  }

  private static String stripTrailingSlashes(String uri) {
    int end = uri.length();
    while (end > 0 && uri.charAt(end - 1) == '/') {
      end--;
    }
    return uri.substring(0, end);
  }

  private static String libraryVersion() {
    Module module = TelemetryEndpoint.class.getModule();
    Optional<String> version =
        module.isNamed()
            ? module.getDescriptor().rawVersion()
            : Optional.ofNullable(TelemetryEndpoint.class.getPackage().getImplementationVersion());
    return version.map(TelemetryEndpoint::checkedVersion).orElse("unknown");
  }

  private static String checkedVersion(String version) {
    try {
      return ModuleDescriptor.Version.parse(version).toString();
    } catch (IllegalArgumentException e) {
      return "unknown";
    }
  }

  /** The request got no HTTP answer; the message is the short reason. */
  private static final class NoAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    NoAnswerException(String reason, @Nullable Throwable cause) {
      super(reason, cause);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }
}
