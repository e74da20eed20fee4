package app.mcpproxy.telemetry.collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes as they are to a loopback server and reads the answer until the server closes: for
 * requests no HTTP client library would send.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * An answer.
   *
   * @param status the status code, or -1 when the server closed without one
   * @param head the status line and headers
   * @param body what followed the headers
   */
  record Answer(int status, String head, String body) {
    /** The value of a header, case-insensitively, or {@code null}. */
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0
            && line.substring(0, colon)
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  static Answer send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // The server may answer and close before it has read everything; read what it said.
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      try {
        in.transferTo(answer);
      } catch (IOException e) {
        // A reset after the answer: keep what arrived.
      }
      return parse(answer.toString(StandardCharsets.ISO_8859_1));
    }
  }

  /** A request with {@code Connection: close} and a correct length. */
  static byte[] request(String method, String target, String contentType, byte[] body) {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null) {
      return start;
    }
    byte[] all = new byte[start.length + body.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }

  private static Answer parse(String text) {
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    int status = -1;
    if (head.startsWith("HTTP/1.1 ") && head.length() >= 12) {
      try {
        status = Integer.parseInt(head.substring(9, 12));
      } catch (NumberFormatException e) {
        status = -1;
      }
    }
    return new Answer(status, head, body);
  }
}
