package app.mcpproxy.telemetry.model;

/** The client surface a request came from, as told by the {@code X-MCPProxy-Client} header. */
public enum Surface implements WireValue {
  MCP("mcp"),
  CLI("cli"),
  WEBUI("webui"),
  TRAY("tray"),
  UNKNOWN("unknown");

  /** The request header that names the client surface, as {@code <surface>/<version>}. */
  public static final String CLIENT_HEADER = "X-MCPProxy-Client";

  private final String wireName;

  Surface(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /**
   * Maps an {@code X-MCPProxy-Client} header value to a surface.
   *
   * <p>Only the part before the first {@code /} counts, compared case-insensitively; a missing,
   * empty or unknown value gives {@link #UNKNOWN}.
   *
   * @param header the header value, may be {@code null}
   * @return the surface, never {@code null}
   */
  public static Surface parseClientHeader(String header) {
    if (header == null) {
      return UNKNOWN;
    }
    int slash = header.indexOf('/');
    String name = (slash < 0 ? header : header.substring(0, slash)).trim();
    for (Surface surface : values()) {
      if (surface != UNKNOWN && surface.wireName.equalsIgnoreCase(name)) {
        return surface;
      }
    }
    return UNKNOWN;
  }

  /**
   * Classifies a request: anything on an {@code /mcp} path is {@link #MCP}, whatever the header.
   *
   * @param path the request path, may be {@code null}
   * @param header the {@code X-MCPProxy-Client} header value, may be {@code null}
   * @return the surface, never {@code null}
   */
  public static Surface ofRequest(String path, String header) {
    if (path != null && (path.equals("/mcp") || path.startsWith("/mcp/"))) {
      return MCP;
    }
    return parseClientHeader(header);
  }
}
