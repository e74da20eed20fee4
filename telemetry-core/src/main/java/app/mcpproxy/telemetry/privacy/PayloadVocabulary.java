package app.mcpproxy.telemetry.privacy;

import app.mcpproxy.telemetry.activation.McpClients;
import app.mcpproxy.telemetry.model.BuiltinTool;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.model.EnvDisabledReason;
import app.mcpproxy.telemetry.model.EnvKind;
import app.mcpproxy.telemetry.model.ErrorCategory;
import app.mcpproxy.telemetry.model.LaunchSource;
import app.mcpproxy.telemetry.model.StartupOutcome;
import app.mcpproxy.telemetry.model.Surface;
import app.mcpproxy.telemetry.model.WireValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fixed words a heartbeat's string values are made of. A string value that is exactly one of
 * these words never counts as a blocked value: a host called {@code server} must not block every
 * heartbeat of the server edition.
 */
final class PayloadVocabulary {

  private static final List<String> BUCKETS =
      List.of(
          "0",
          "1-10",
          "11-100",
          "101-1000",
          "1000+",
          "1_100",
          "100_1k",
          "1k_10k",
          "10k_100k",
          "100k_plus");
  private static final List<String> PROTOCOLS =
      List.of("stdio", "http", "sse", "streamable_http", "auto");
  private static final List<String> OAUTH_PROVIDERS =
      List.of("google", "github", "microsoft", "generic");
  private static final List<String> ROUTING_MODES =
      List.of("retrieve_tools", "direct", "code_execution");
  // Every GOOS and GOARCH Go knows, so the os and arch fields stay comparable with Go hosts.
  private static final List<String> GO_OPERATING_SYSTEMS =
      List.of(
          "aix",
          "android",
          "darwin",
          "dragonfly",
          "freebsd",
          "hurd",
          "illumos",
          "ios",
          "js",
          "linux",
          "nacl",
          "netbsd",
          "openbsd",
          "plan9",
          "solaris",
          "wasip1",
          "windows",
          "zos");
  private static final List<String> GO_ARCHITECTURES =
      List.of(
          "386",
          "amd64",
          "amd64p32",
          "arm",
          "armbe",
          "arm64",
          "arm64be",
          "loong64",
          "mips",
          "mipsle",
          "mips64",
          "mips64le",
          "mips64p32",
          "mips64p32le",
          "ppc",
          "ppc64",
          "ppc64le",
          "riscv",
          "riscv64",
          "s390",
          "s390x",
          "sparc",
          "sparc64",
          "wasm");

  private static final Set<String> WORDS = collect();

  private PayloadVocabulary() {}

  private static Set<String> collect() {
    Set<String> words = new HashSet<>();
    Stream.<WireValue[]>of(
            Surface.values(),
            BuiltinTool.values(),
            ErrorCategory.values(),
            EnvKind.values(),
            LaunchSource.values(),
            EnvDisabledReason.values(),
            Edition.values(),
            StartupOutcome.values())
        .flatMap(Stream::of)
        .forEach(value -> words.add(value.wireName()));
    Stream.of(
            BUCKETS,
            PROTOCOLS,
            OAUTH_PROVIDERS,
            ROUTING_MODES,
            GO_OPERATING_SYSTEMS,
            GO_ARCHITECTURES,
            McpClients.knownNames(),
            List.of(McpClients.OTHER))
        .forEach(words::addAll);
    return Set.copyOf(words);
  }

  /** Tells whether a decoded string value is exactly a vocabulary word (case-sensitive). */
  static boolean contains(String value) {
    return WORDS.contains(value);
  }

  static Set<String> words() {
    return WORDS;
  }
}
