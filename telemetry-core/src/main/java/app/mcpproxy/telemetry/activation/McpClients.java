package app.mcpproxy.telemetry.activation;

import app.mcpproxy.telemetry.counters.Vocabulary;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The MCP clients a heartbeat may name: a list of well-known clients kept in this library, which a
 * host may extend in code. A client name as reported in {@code clientInfo.name} is mapped to its
 * canonical name ({@code Visual Studio Code} and {@code Visual-Studio-Code} to {@code vscode},
 * {@code claude-ai} to {@code claude-desktop}); any other name becomes {@link #OTHER} and a missing
 * one {@link #UNKNOWN}, so a name shaped like a token, a host name or a path never leaves the
 * machine.
 *
 * <pre>{@code
 * McpClients clients = McpClients.builtIn().with(List.of("acme-ide"));
 * clients.canonical("cursor-vscode");  // "cursor"
 * clients.canonical("Acme IDE");       // "acme-ide"
 * clients.canonical("db01.corp.example.com");  // "other"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class McpClients {
  /** The name of every client that is not in the list. */
  public static final String OTHER = "other";

  /** The name of a client that reported no name. */
  public static final String UNKNOWN = ClientNames.UNKNOWN;

  /** A canonical name: lower-case words joined by single hyphens, at most 32 characters. */
  private static final Pattern CANONICAL =
      Pattern.compile("(?=.{1,32}$)[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /**
   * Canonical name, then the {@code clientInfo.name} values clients are known to report, as
   * normalised by {@link #normalise}. The canonical name always matches itself.
   */
  private static final Map<String, List<String>> KNOWN = known();

  private static final McpClients BUILT_IN = new McpClients(aliases(KNOWN));

  private final Map<String, String> byAlias;

  private McpClients(Map<String, String> byAlias) {
    this.byAlias = byAlias;
  }

  private static Map<String, List<String>> known() {
    Map<String, List<String>> known = new LinkedHashMap<>();
    known.put("claude-code", List.of("claude-code"));
    known.put("claude-desktop", List.of("claude-ai", "claude"));
    known.put("cursor", List.of("cursor-vscode"));
    known.put("vscode", List.of("visual-studio-code", "visual-studio-code-insiders", "code"));
    known.put("windsurf", List.of("windsurf-client", "windsurf-editor", "codeium"));
    known.put("zed", List.of("zed-editor"));
    known.put("cline", List.of("claude-dev"));
    known.put("continue", List.of("continue-client", "continue-cli-client"));
    known.put("codex", List.of("codex-mcp-client", "openai-codex"));
    known.put("gemini-cli", List.of("gemini-cli-mcp-client", "gemini"));
    known.put("goose", List.of());
    known.put("roo-code", List.of());
    known.put("kilo-code", List.of("kilocode"));
    known.put("mcp-remote", List.of());
    known.put("mcp-inspector", List.of("inspector-client", "mcp-inspector-client"));
    known.put(
        "jetbrains",
        List.of(
            "jetbrains-ai-assistant",
            "jetbrains-iu-copilot-intellij",
            "jetbrains-jbc-copilot-intellij",
            "jetbrains-ic-copilot-intellij",
            "intellij"));
    known.put("lm-studio", List.of("lmstudio", "lms"));
    known.put("warp", List.of("warp-terminal"));
    known.put("amp", List.of("amp-mcp-client", "ampcode"));
    known.put("opencode", List.of());
    known.put("kiro", List.of("kiro-client", "kiro-cli"));
    known.put(
        "copilot",
        List.of(
            "github-copilot", "github-copilot-developer", "copilot-cli", "xcode-copilot-xcode"));
    known.put("chatgpt", List.of("openai-mcp"));
    known.put("cherry-studio", List.of());
    known.put("crush", List.of());
    known.put("raycast", List.of("com.raycast.macos"));
    known.put("amazon-q", List.of("q-dev-cli", "amazon-q-developer-cli"));
    known.put("librechat", List.of("@librechat/api-client"));
    known.put("n8n", List.of("@n8n/n8n-nodes-langchain.mcpclienttool"));
    known.put("postman", List.of("postman-client"));
    known.put("jan", List.of("jan-streamable-client"));
    known.put("lobehub", List.of("lobehub-mcp-client"));
    known.put("antigravity", List.of("antigravity-client"));
    known.put("factory", List.of("factory-cli", "droid"));
    known.put("mistral", List.of("le-chat"));
    known.put("glama", List.of());
    known.put("mcp-cli", List.of());
    known.put("mcpproxy", List.of("mcpproxy-go"));
    return Collections.unmodifiableMap(known);
  }

  private static Map<String, String> aliases(Map<String, List<String>> canonicalToAliases) {
    Map<String, String> byAlias = new LinkedHashMap<>();
    canonicalToAliases.forEach(
        (canonical, aliases) -> {
          byAlias.put(canonical, canonical);
          aliases.forEach(alias -> byAlias.put(normalise(alias), canonical));
        });
    return Map.copyOf(byAlias);
  }

  /**
   * Returns the list this library keeps.
   *
   * @return the well-known clients
   */
  public static McpClients builtIn() {
    return BUILT_IN;
  }

  /**
   * Returns the canonical names of the well-known clients, the words a heartbeat may carry besides
   * {@link #OTHER} and {@link #UNKNOWN} and a host's own additions.
   *
   * @return the canonical names, in a fixed order
   */
  public static List<String> knownNames() {
    return List.copyOf(KNOWN.keySet());
  }

  /**
   * Returns this list with more clients, each matched by its own name as a client reports it: a
   * reported {@code Acme IDE} or {@code acme_ide} matches a declared {@code acme-ide}.
   *
   * @param names canonical names: lower-case words joined by hyphens, at most 32 characters
   * @return the extended list
   * @throws IllegalArgumentException naming the first name that is not of that shape
   * @throws NullPointerException when {@code names} or one of them is {@code null}
   */
  public McpClients with(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    Map<String, String> extended = new LinkedHashMap<>(byAlias);
    for (String name : names) {
      extended.putIfAbsent(requireCanonical(name), name);
    }
    return new McpClients(Map.copyOf(extended));
  }

  /**
   * Checks that a name may be declared as a client name.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException naming the name when it is not lower-case words joined by
   *     hyphens, at most 32 characters, or is {@code other} or {@code unknown}
   */
  public static String requireCanonical(String name) {
    Objects.requireNonNull(name, "MCP client name");
    if (!CANONICAL.matcher(name).matches() || name.equals(OTHER) || name.equals(UNKNOWN)) {
      throw new IllegalArgumentException(
          "MCP client name '" + name + "' is not lower-case words joined by '-' (at most 32)");
    }
    return Vocabulary.refuseSecretLike("MCP client name", name);
  }

  /**
   * Maps a client name as reported to its canonical name.
   *
   * @param reportedName the name from {@code clientInfo.name}; may be {@code null}
   * @return the canonical name, {@link #OTHER} for a name not in the list, or {@link #UNKNOWN} for
   *     a missing or blank name
   */
  public String canonical(String reportedName) {
    if (reportedName == null || reportedName.isBlank()) {
      return UNKNOWN;
    }
    String key = normalise(reportedName);
    String canonical = byAlias.get(key);
    if (canonical != null) {
      return canonical;
    }
    if (key.startsWith("jetbrains-")) {
      return "jetbrains";
    }
    // mcp-remote reports the client behind it as "<name> (via mcp-remote <version>)".
    int via = key.indexOf("-via-mcp-remote");
    if (via > 0) {
      String behind = byAlias.get(key.substring(0, via));
      return behind != null ? behind : "mcp-remote";
    }
    return OTHER;
  }

  /**
   * Tells whether a name is one this list can produce, as a stored list is checked before it is
   * sent.
   *
   * @param name a stored name
   * @return {@code true} for a canonical name of this list, {@link #OTHER} or {@link #UNKNOWN}
   */
  public boolean isCanonical(String name) {
    return name != null
        && (name.equals(OTHER) || name.equals(UNKNOWN) || name.equals(byAlias.get(name)));
  }

  /**
   * Lower-cases ASCII letters, turns each run of spaces, underscores and hyphens into one hyphen
   * and drops brackets, so that spellings of one name meet; other characters stay and so match no
   * alias.
   */
  static String normalise(String name) {
    StringBuilder key = new StringBuilder(name.length());
    boolean pendingHyphen = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ' ' || c == '_' || c == '-' || c == '\t') {
        pendingHyphen = key.length() > 0;
        continue;
      }
      if (c == '(' || c == ')') {
        continue;
      }
      if (pendingHyphen) {
        key.append('-');
        pendingHyphen = false;
      }
      key.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return key.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof McpClients that && byAlias.equals(that.byAlias);
  }

  @Override
  public int hashCode() {
    return byAlias.hashCode();
  }

  @Override
  public String toString() {
    return "McpClients[" + byAlias.size() + " names]";
  }
}
