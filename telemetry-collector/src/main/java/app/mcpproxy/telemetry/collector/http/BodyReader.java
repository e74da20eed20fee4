package app.mcpproxy.telemetry.collector.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without blocking, up to a size limit, and hands it on in one piece.
 *
 * <p>A body over the limit is refused with 413, but only after the rest of it has been read and
 * dropped, up to {@link #DRAIN_LIMIT_BYTES}: a client still sending when the server answers and
 * closes would see its connection reset and lose the answer. Larger bodies are refused at once.
 */
public final class BodyReader implements Runnable {
  private static final System.Logger LOG = System.getLogger(BodyReader.class.getName());

  /** Largest body accepted, 64 KiB. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** Most bytes of a refused body read and dropped so that the 413 reaches the client. */
  static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

  /** Where a body goes. */
  interface Sink {
    void body(byte[] body);

    void rejected(Rejection rejection);

    void failed(Throwable failure);
  }

  private final Request request;
  private final int maxBytes;
  private final Sink sink;
  private byte[] buffer;
  private long size;

  private BodyReader(Request request, int maxBytes, Sink sink) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.sink = sink;
    long declared = request.getLength();
    this.buffer = new byte[declared > 0 && declared <= maxBytes ? (int) declared : 4096];
  }

  /**
   * Checks the declared length, then reads the body asynchronously.
   *
   * @param request the request
   * @param maxBytes the size limit
   * @param sink told once: the body, a 413 rejection, or a read failure
   */
  static void read(Request request, int maxBytes, Sink sink) {
    if (request.getLength() > DRAIN_LIMIT_BYTES) {
      sink.rejected(Rejection.tooLarge(maxBytes));
      return;
    }
    new BodyReader(request, maxBytes, sink).run();
  }

  /**
   * Reads a JSON body for an endpoint: 415 unless declared as UTF-8 JSON, 413 over 64 KiB, 400 when
   * the connection fails mid-body; otherwise hands the bytes on.
   *
   * @param exchange the request
   * @param then receives the body
   */
  static void readJson(Exchange exchange, Consumer<byte[]> then) {
    Request request = exchange.request();
    if (!JsonContentType.accepts(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      exchange.reject(Rejection.unsupportedMediaType());
      return;
    }
    read(
        request,
        MAX_BODY_BYTES,
        new Sink() {
          @Override
          public void body(byte[] body) {
            // The body arrives on a thread the handler's own catch does not cover.
            try {
              then.accept(body);
            } catch (RuntimeException e) {
              LOG.log(
                  System.Logger.Level.ERROR,
                  "handling a request body failed: " + e.getClass().getName());
              exchange.reject(Rejection.internal());
            }
          }

          @Override
          public void rejected(Rejection rejection) {
            exchange.reject(rejection);
          }

          @Override
          public void failed(Throwable failure) {
            exchange.reject(Rejection.badRequest("the request body could not be read"));
          }
        });
  }

  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        sink.failed(chunk.getFailure());
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      int length = bytes.remaining();
      boolean last = chunk.isLast();
      if (size + length > maxBytes) {
        // Too large: keep reading only to drop the rest, then refuse.
        size += length;
        chunk.release();
        if (last || size > DRAIN_LIMIT_BYTES) {
          sink.rejected(Rejection.tooLarge(maxBytes));
          return;
        }
        continue;
      }
      int offset = (int) size;
      if (offset + length > buffer.length) {
        buffer =
            Arrays.copyOf(buffer, Math.min(maxBytes, Math.max(buffer.length * 2, offset + length)));
      }
      bytes.get(buffer, offset, length);
      size += length;
      chunk.release();
      if (last) {
        sink.body(size == buffer.length ? buffer : Arrays.copyOf(buffer, offset + length));
        return;
      }
    }
  }
}
