package app.mcpproxy.telemetry.privacy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words so common in a payload's routes, check names, client names and versions that a machine
 * value equal to one of them identifies no one: the parts of every vocabulary word ({@code claude},
 * {@code code}, {@code docker}, {@code server}…) and the everyday words of software. A blocked
 * value that is one of them (a host named {@code dev}, a user named {@code admin}) is matched only
 * as a whole value, never inside {@code v1.4.2-dev} or {@code /api/v1/admin/users}.
 */
final class CommonWords {

  private static final List<String> SOFTWARE =
      List.of(
          "admin",
          "agent",
          "ai",
          "alpha",
          "api",
          "app",
          "apps",
          "auth",
          "backup",
          "beta",
          "bot",
          "box",
          "build",
          "cache",
          "call",
          "calls",
          "check",
          "checks",
          "ci",
          "claude",
          "cli",
          "client",
          "clients",
          "cloud",
          "cluster",
          "code",
          "codex",
          "config",
          "console",
          "container",
          "continue",
          "core",
          "cursor",
          "daemon",
          "data",
          "database",
          "db",
          "debug",
          "default",
          "demo",
          "deploy",
          "desktop",
          "dev",
          "devbox",
          "develop",
          "developer",
          "disk",
          "docker",
          "docs",
          "doctor",
          "edge",
          "editor",
          "emacs",
          "enable",
          "disable",
          "env",
          "events",
          "gateway",
          "gemini",
          "git",
          "goose",
          "guest",
          "health",
          "home",
          "host",
          "ide",
          "info",
          "jetbrains",
          "lab",
          "laptop",
          "latest",
          "linux",
          "local",
          "localhost",
          "log",
          "login",
          "logs",
          "mac",
          "macbook",
          "main",
          "master",
          "mcp",
          "neovim",
          "nightly",
          "node",
          "ops",
          "pass",
          "personal",
          "pi",
          "play",
          "pre",
          "preview",
          "prod",
          "production",
          "proxy",
          "public",
          "rc",
          "release",
          "remote",
          "restart",
          "root",
          "run",
          "runner",
          "sandbox",
          "search",
          "secrets",
          "server",
          "servers",
          "service",
          "shell",
          "snapshot",
          "stable",
          "staging",
          "status",
          "sync",
          "system",
          "test",
          "testing",
          "tools",
          "tray",
          "ubuntu",
          "user",
          "users",
          "vim",
          "vm",
          "vscode",
          "web",
          "webui",
          "windsurf",
          "work",
          "workstation",
          "zed");

  private static final Set<String> WORDS = collect();

  private CommonWords() {}

  @SuppressWarnings("StringSplitter") // empty parts are skipped
  private static Set<String> collect() {
    Set<String> words = new HashSet<>(SOFTWARE);
    for (String word : PayloadVocabulary.words()) {
      words.add(word.toLowerCase(Locale.ROOT));
      for (String part : word.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (!part.isEmpty()) {
          words.add(part);
        }
      }
    }
    return Set.copyOf(words);
  }

  /** Tells whether a case-folded value is a common word. */
  static boolean contains(String folded) {
    return WORDS.contains(folded);
  }
}
