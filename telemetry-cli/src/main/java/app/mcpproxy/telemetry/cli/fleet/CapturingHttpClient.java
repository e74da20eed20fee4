package app.mcpproxy.telemetry.cli.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The network of a simulated install: it keeps the exact body and {@code Idempotency-Key} of every
 * heartbeat the client library posts and answers {@code 204}, as a collector that stored it would.
 * The simulation then hands what it kept to the collector dated on the simulated day. Not
 * thread-safe: one install's service sends from one thread at a time.
 */
final class CapturingHttpClient extends HttpClient {
  /** What one post carried. */
  static final class Posted {
    private final byte[] body;
    private final Optional<String> idempotencyKey;

    Posted(byte[] body, Optional<String> idempotencyKey) {
      this.body = body;
      this.idempotencyKey = idempotencyKey;
    }

    byte[] body() {
      return body.clone();
    }

    Optional<String> idempotencyKey() {
      return idempotencyKey;
    }
  }

  private final List<Posted> posted = new ArrayList<>();

  /** Returns what was posted since the last call, oldest first, and forgets it. */
  List<Posted> takePosted() {
    List<Posted> taken = List.copyOf(posted);
    posted.clear();
    return taken;
  }

  @Override
  public <T> HttpResponse<T> send(
      HttpRequest request, HttpResponse.BodyHandler<T> responseBodyHandler) throws IOException {
    byte[] body = bodyOf(request);
    if (!request.method().equals("POST") || !request.uri().getPath().endsWith("/heartbeat")) {
      throw new IOException("the simulated network carries heartbeats only");
    }
    posted.add(new Posted(body, request.headers().firstValue("Idempotency-Key")));
    return new NoContent<>(request, emptyBody(responseBodyHandler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> responseBodyHandler) {
    try {
      return CompletableFuture.completedFuture(send(request, responseBodyHandler));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> responseBodyHandler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return sendAsync(request, responseBodyHandler);
  }

  /** Reads the request's body as the real client would put it on the wire. */
  private static byte[] bodyOf(HttpRequest request) throws IOException {
    HttpRequest.BodyPublisher publisher =
        request.bodyPublisher().orElseThrow(() -> new IOException("a heartbeat has a body"));
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.writeBytes(chunk);
          }

          @Override
          public void onError(Throwable throwable) {
            bytes.completeExceptionally(throwable);
          }

          @Override
          public void onComplete() {
            bytes.complete(buffer.toByteArray());
          }
        });
    try {
      return bytes.join();
    } catch (RuntimeException e) {
      throw new IOException("the heartbeat's body could not be read", e);
    }
  }

  /** The body the handler makes of an empty answer ({@code null} for a discarding handler). */
  private static <T> T emptyBody(HttpResponse.BodyHandler<T> handler) {
    HttpResponse.BodySubscriber<T> subscriber =
        handler.apply(
            new HttpResponse.ResponseInfo() {
              @Override
              public int statusCode() {
                return 204;
              }

              @Override
              public HttpHeaders headers() {
                return NO_HEADERS;
              }

              @Override
              public Version version() {
                return Version.HTTP_1_1;
              }
            });
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            // Nothing to deliver: the answer has no body.
          }

          @Override
          public void cancel() {
            // Nothing to stop.
          }
        });
    subscriber.onComplete();
    return subscriber.getBody().toCompletableFuture().join();
  }

  private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

  /** A {@code 204 No Content} answer. */
  private record NoContent<T>(HttpRequest request, T body) implements HttpResponse<T> {
    @Override
    public int statusCode() {
      return 204;
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return NO_HEADERS;
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public Version version() {
      return Version.HTTP_1_1;
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.empty();
  }

  @Override
  public Redirect followRedirects() {
    return Redirect.NEVER;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return Optional.empty();
  }

  @Override
  public SSLContext sslContext() {
    throw new UnsupportedOperationException("the simulated network has no TLS");
  }

  @Override
  public SSLParameters sslParameters() {
    return new SSLParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return Optional.empty();
  }

  @Override
  public Version version() {
    return Version.HTTP_1_1;
  }

  @Override
  public Optional<Executor> executor() {
    return Optional.empty();
  }
}
