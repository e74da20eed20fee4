package app.mcpproxy.telemetry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback that records every request and answers with scripted replies.
 *
 * <p>It listens on 127.0.0.1 on a free port and counts every TCP connection it accepts, so a test
 * can prove that nothing connected at all. A request gets the next {@linkplain #enqueue queued}
 * reply; with none queued, the reply {@linkplain #answer set for its path}; otherwise the
 * {@linkplain #replyByDefault default}. A reply may hang until the server is closed, to provoke
 * client timeouts. Closing stops everything; a hanging reply waits at most 20 seconds on its own.
 *
 * <pre>{@code
 * try (RecordingServer server = RecordingServer.start()) {
 *   server.enqueue(Reply.status(503).withHeader("Retry-After", "60"));
 *   // ... point the client at server.endpoint() ...
 *   assertThat(server.requests()).hasSize(1);
 * }
 * }</pre>
 */
public final class RecordingServer implements AutoCloseable {
  private static final long HANG_LIMIT_SECONDS = 20;

  /** One request as received. */
  public record Recorded(
      String method, String path, Map<String, List<String>> headers, byte[] body) {
    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, case-insensitive, or {@code null}. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A scripted reply. */
  public record Reply(int status, Map<String, String> headers, String body, boolean hang) {
    /** A reply with a status, no headers and an empty body. */
    public static Reply status(int status) {
      return new Reply(status, Map.of(), "", false);
    }

    /** A reply with a status and a JSON body. */
    public static Reply json(int status, String body) {
      return status(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A reply that never comes while the server is open. */
    public static Reply hanging() {
      return new Reply(200, Map.of(), "", true);
    }

    /** This reply with one more header. */
    public Reply withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Reply(status, Map.copyOf(more), body, hang);
    }

    /** This reply with a body. */
    public Reply withBody(String newBody) {
      return new Reply(status, headers, newBody, hang);
    }
  }

  private final HttpServer backend;
  private final ServerSocket front;
  private final ExecutorService handlers;
  private final ExecutorService relays;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Reply> script = new ArrayDeque<>();
  private final Map<String, Reply> byPathSuffix = new ConcurrentHashMap<>();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Reply fallback = Reply.status(200).withBody("{\"ok\":true}");

  private RecordingServer() throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    handlers = Executors.newFixedThreadPool(4, daemon("recording-server-handler"));
    relays = Executors.newCachedThreadPool(daemon("recording-server-relay"));
    backend = HttpServer.create(new InetSocketAddress(loopback, 0), 16);
    backend.createContext("/", this::handle);
    backend.setExecutor(handlers);
    backend.start();
    front = new ServerSocket(0, 16, loopback);
    acceptor = daemon("recording-server-accept").newThread(this::acceptLoop);
    acceptor.start();
  }

  /** Starts a server on a free loopback port. */
  public static RecordingServer start() {
    try {
      return new RecordingServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port on which nothing listens, so connecting to it is refused. */
  public static URI refusingEndpoint() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base endpoint, {@code http://127.0.0.1:<port>/v1}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + front.getLocalPort() + "/v1");
  }

  /** Queues replies, served in order before the fallback. */
  public void enqueue(Reply... replies) {
    synchronized (script) {
      script.addAll(List.of(replies));
    }
  }

  /**
   * Answers every request whose path ends with {@code pathSuffix} with {@code reply} when no reply
   * is queued.
   *
   * @return this server
   */
  public RecordingServer answer(String pathSuffix, Reply reply) {
    byPathSuffix.put(pathSuffix, reply);
    return this;
  }

  /**
   * Sets the reply used when nothing is queued and no path answer matches; initially 200 with
   * {@code {"ok":true}}.
   */
  public void replyByDefault(Reply reply) {
    fallback = reply;
  }

  /** Every request received so far, oldest first. */
  public List<Recorded> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * Waits until at least {@code count} requests have arrived.
   *
   * @return {@code true} when they arrived within the timeout
   */
  public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (requests) {
      while (requests.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(requests, left);
      }
      return true;
    }
  }

  /** The number of TCP connections accepted so far. */
  public int connectionCount() {
    return connections.get();
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      front.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : openSockets) {
      closeQuietly(socket);
    }
    backend.stop(0);
    handlers.shutdownNow();
    relays.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      synchronized (requests) {
        requests.add(
            new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                body));
        requests.notifyAll();
      }
      String path = exchange.getRequestURI().getRawPath();
      Reply reply;
      synchronized (script) {
        reply = script.poll();
      }
      if (reply == null) {
        reply =
            byPathSuffix.entrySet().stream()
                .filter(answer -> path.endsWith(answer.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(fallback);
      }
      if (reply.hang()) {
        try {
          closed.await(HANG_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream stream = exchange.getResponseBody()) {
          stream.write(out);
        }
      }
    }
  }

  private void acceptLoop() {
    while (!front.isClosed()) {
      try {
        Socket client = front.accept();
        connections.incrementAndGet();
        Socket server =
            new Socket(InetAddress.getByName("127.0.0.1"), backend.getAddress().getPort());
        openSockets.add(client);
        openSockets.add(server);
        relays.execute(() -> pump(client, server));
        relays.execute(() -> pump(server, client));
      } catch (IOException e) {
        // front closed, or the backend went away while closing
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
    } finally {
      openSockets.remove(from);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
