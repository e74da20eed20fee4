package app.mcpproxy.telemetry.mcp;

import app.mcpproxy.telemetry.model.ErrorCategory;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Sorts a failed connection to an upstream MCP server into one of three error categories. */
public final class ConnectFailures {
  private static final int MAX_DEPTH = 16;

  private ConnectFailures() {}

  /**
   * Classifies why connecting to an upstream server and initializing the session failed, by the
   * exception and its causes: any timeout (the client's own, a socket's or the HTTP client's) is
   * {@link ErrorCategory#UPSTREAM_CONNECT_TIMEOUT}; else a refused or unroutable connection is
   * {@link ErrorCategory#UPSTREAM_CONNECT_REFUSED}; anything else, such as an error answer to
   * {@code initialize}, a protocol mismatch or an upstream process that would not start, is {@link
   * ErrorCategory#UPSTREAM_HANDSHAKE_FAILED}. Timeouts are looked for first because the JDK's HTTP
   * client reports a connect timeout with a {@link ConnectException} as its cause.
   *
   * @param failure what the connection or {@code initialize} failed with; may be {@code null}
   * @return the category, never {@code null}
   */
  public static ErrorCategory classify(Throwable failure) {
    if (anyInChain(failure, true)) {
      return ErrorCategory.UPSTREAM_CONNECT_TIMEOUT;
    }
    if (anyInChain(failure, false)) {
      return ErrorCategory.UPSTREAM_CONNECT_REFUSED;
    }
    return ErrorCategory.UPSTREAM_HANDSHAKE_FAILED;
  }

  private static boolean anyInChain(Throwable failure, boolean timeouts) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (timeouts ? isTimeout(current) : isRefused(current)) {
        return true;
      }
      if (current.getCause() == current) {
        break;
      }
      current = current.getCause();
    }
    return false;
  }

  private static boolean isTimeout(Throwable t) {
    return t instanceof TimeoutException
        || t instanceof SocketTimeoutException
        || t instanceof HttpTimeoutException;
  }

  private static boolean isRefused(Throwable t) {
    return t instanceof ConnectException || t instanceof NoRouteToHostException;
  }
}
