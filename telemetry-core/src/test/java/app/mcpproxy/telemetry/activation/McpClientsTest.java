package app.mcpproxy.telemetry.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class McpClientsTest {
  private final McpClients clients = McpClients.builtIn();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "claude-code, claude-code",
    "claude-ai, claude-desktop",
    "cursor-vscode, cursor",
    "Visual Studio Code, vscode",
    "Visual-Studio-Code, vscode",
    "windsurf-client, windsurf",
    "Windsurf, windsurf",
    "Zed, zed",
    "Cline, cline",
    "continue-cli-client, continue",
    "codex-mcp-client, codex",
    "gemini-cli-mcp-client, gemini-cli",
    "goose, goose",
    "Roo-Code, roo-code",
    "Roo Code, roo-code",
    "Kilo-Code, kilo-code",
    "mcp-remote, mcp-remote",
    "mcp-inspector, mcp-inspector",
    "JetBrains-IU-copilot-intellij, jetbrains",
    "JetBrains-PY-anything, jetbrains",
    "LM Studio, lm-studio",
    "Warp, warp",
    "amp-mcp-client, amp",
    "opencode, opencode",
    "Kiro, kiro",
    "github-copilot-developer, copilot",
    "'  Cursor  ', cursor",
    "Claude Desktop (via mcp-remote 0.1.18), claude-desktop",
    "Some Tool (via mcp-remote 0.1.18), mcp-remote"
  })
  void mapsWhatClientsReportToOneCanonicalName(String reported, String canonical) {
    assertThat(clients.canonical(reported)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
        "db01.corp.example.com",
        "alice",
        "/home/alice/bin/client",
        "alice@example.com",
        "my-private-tool",
        "cursor2"
      })
  void recordsAnyOtherNameAsOther(String reported) {
    assertThat(clients.canonical(reported)).isEqualTo(McpClients.OTHER);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void recordsAMissingNameAsUnknown(String reported) {
    assertThat(clients.canonical(reported)).isEqualTo(McpClients.UNKNOWN);
  }

  @Test
  void aHostExtendsTheListInCode() {
    McpClients extended = clients.with(List.of("acme-ide"));

    assertThat(extended.canonical("Acme IDE")).isEqualTo("acme-ide");
    assertThat(extended.canonical("acme_ide")).isEqualTo("acme-ide");
    assertThat(extended.isCanonical("acme-ide")).isTrue();
    assertThat(clients.canonical("acme-ide")).isEqualTo(McpClients.OTHER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Acme", "acme ide", "acme--ide", "-acme", "other", "unknown", "a/b", ""})
  void refusesADeclaredNameOfAnotherShapeNamingIt(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> clients.with(List.of(name)))
        .withMessageContaining("'" + name + "'");
  }

  @Test
  void everyKnownNameIsCanonicalAndMapsToItself() {
    assertThat(McpClients.knownNames()).hasSizeGreaterThanOrEqualTo(22).doesNotHaveDuplicates();
    for (String name : McpClients.knownNames()) {
      assertThat(McpClients.requireCanonical(name)).isEqualTo(name);
      assertThat(clients.canonical(name)).isEqualTo(name);
      assertThat(clients.isCanonical(name)).isTrue();
    }
    assertThat(clients.isCanonical("cursor-vscode")).isFalse();
    assertThat(clients.isCanonical(McpClients.OTHER)).isTrue();
  }
}
