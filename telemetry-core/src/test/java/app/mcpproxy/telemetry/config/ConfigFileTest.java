package app.mcpproxy.telemetry.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.mcpproxy.telemetry.testing.Concurrently;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private Path configPath() {
    return dir.resolve("mcp_config.json");
  }

  private Path write(String content) throws IOException {
    return Files.write(configPath(), content.getBytes(UTF_8));
  }

  private String content() throws IOException {
    return Files.readString(configPath(), UTF_8);
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = ConfigFileTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private List<String> strayFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> !name.equals("mcp_config.json") && !name.equals("mcp_config.json.lock"))
          .toList();
    }
  }

  @Test
  void defaultPathIsMcpConfigJsonInDotMcpproxy() {
    assertThat(ConfigFile.defaultPath(Path.of("/home/u")))
        .isEqualTo(Path.of("/home/u/.mcpproxy/mcp_config.json"));
  }

  @Nested
  class Read {
    @Test
    void missingFileIsAnEmptyConfigAndIsNotCreated() throws Exception {
      HostConfig config = new ConfigFile(configPath()).read();

      assertThat(config.telemetryEnabled()).isEmpty();
      assertThat(config.serverCount()).isZero();
      assertThat(config.source()).isEqualTo(configPath().toAbsolutePath().toString());
      assertThat(configPath()).doesNotExist();
    }

    @Test
    void emptyAndBlankFilesAreEmptyConfigs() throws Exception {
      write("");
      assertThat(new ConfigFile(configPath()).read().telemetry())
          .isEqualTo(TelemetrySettings.empty());
      write(" \n\t\n");
      assertThat(new ConfigFile(configPath()).read().telemetry())
          .isEqualTo(TelemetrySettings.empty());
    }

    @Test
    void readsTelemetryAndHostValues() throws Exception {
      write(fixture("mcpproxy-written.json"));

      HostConfig config = new ConfigFile(configPath()).read();

      assertThat(config.telemetryEnabled()).contains(true);
      assertThat(config.anonymousId()).contains("550e8400-e29b-41d4-a716-446655440000");
      assertThat(config.serverCount()).isEqualTo(2);
    }

    @Test
    void invalidJsonNamesFileLineAndColumn() throws Exception {
      // The parser reports where it stopped: just after the bad token.
      write("{\n  \"a\": tru\n}");

      assertThatThrownBy(() -> new ConfigFile(configPath()).read())
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.getMessage())
                    .startsWith(configPath().toAbsolutePath() + ": line 2, column 11: ");
                assertThat(e.line()).hasValue(2);
                assertThat(e.column()).hasValue(11);
              });
    }

    @Test
    void invalidUtf8NamesFileAndPosition() throws Exception {
      Files.write(configPath(), new byte[] {'{', '\n', ' ', '"', (byte) 0xC3, '"', ':', '1', '}'});

      assertThatThrownBy(() -> new ConfigFile(configPath()).read())
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.getMessage()).contains(configPath().toString(), "UTF-8");
                assertThat(e.line()).hasValue(2);
                assertThat(e.column()).hasValue(3);
              });
    }

    @Test
    void directoryInsteadOfFileIsAnErrorNamingThePath() throws Exception {
      Files.createDirectory(configPath());

      assertThatThrownBy(() -> new ConfigFile(configPath()).read())
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(configPath().toAbsolutePath().toString());
    }
  }

  @Nested
  class UpdateTelemetry {
    @Test
    void changesOnlyTheTelemetryValueOfAFileWrittenByMcpproxy() throws Exception {
      String original = fixture("mcpproxy-written.json");
      write(original);

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false));

      String expected =
          original.replace(
              "\"telemetry\": {\n    \"enabled\": true,",
              "\"telemetry\": {\n    \"enabled\": false,");
      assertThat(expected).isNotEqualTo(original);
      assertThat(content()).isEqualTo(expected);
    }

    @Test
    void keepsEveryOtherValueOfACompactFileWithUnknownKeys() throws Exception {
      String original =
          "{\"z\":1.0,\"a\":{\"n\":[1e3,-0.0,1E-7,123456789012345678901234567890,"
              + "{\"deep\":[[],{}]}],\"s\":\"caf\\u00e9 \\\"q\\\" \\n 日本 \\ud83c\\udf0d\"},"
              + "\"telemetry\":{\"enabled\":true,\"x-unknown\":[true,null]},\"m\":false}";
      write(original);

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false));

      String written = content();
      assertThat(written)
          .contains("1.0", "1e3", "-0.0", "1E-7", "123456789012345678901234567890", "caf\\u00e9");
      assertThat(written).startsWith("{\n  \"z\": 1.0,\n  \"a\": {\n    \"n\": [\n      1e3,");
      ObjectNode before = (ObjectNode) exactTree(original);
      ObjectNode after = (ObjectNode) exactTree(written);
      assertThat(after.get("telemetry").get("enabled").booleanValue()).isFalse();
      ((ObjectNode) before.get("telemetry")).put("enabled", false);
      assertThat(after).isEqualTo(before);
      assertThat(fieldNames(after)).containsExactly("z", "a", "telemetry", "m");
    }

    private List<String> fieldNames(JsonNode node) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      return names;
    }

    private JsonNode exactTree(String json) throws IOException {
      return JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build()
          .readTree(json);
    }

    @Test
    void appendsNewKeysAtTheEndOfTheTelemetryObject() throws Exception {
      write("{\n  \"telemetry\": {\n    \"enabled\": true\n  },\n  \"after\": 1\n}\n");

      new ConfigFile(configPath())
          .updateTelemetry(s -> s.withAnonymousId("id-1").withNoticeShown(true));

      assertThat(content())
          .isEqualTo(
              "{\n  \"telemetry\": {\n    \"enabled\": true,\n    \"anonymous_id\": \"id-1\",\n"
                  + "    \"notice_shown\": true\n  },\n  \"after\": 1\n}\n");
    }

    @Test
    void appendsTheTelemetryObjectAtTheEndWhenAbsent() throws Exception {
      write("{\n  \"listen\": \":8080\"\n}");

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false));

      assertThat(content())
          .isEqualTo(
              "{\n  \"listen\": \":8080\",\n  \"telemetry\": {\n    \"enabled\": false\n  }\n}");
    }

    @Test
    void removesAKeySetToNull() throws Exception {
      write("{\"telemetry\": {\"endpoint\": \"https://c.example/v1\", \"enabled\": false}}");

      HostConfig result = new ConfigFile(configPath()).updateTelemetry(s -> s.withEndpoint(null));

      assertThat(content()).isEqualTo("{\n  \"telemetry\": {\n    \"enabled\": false\n  }\n}");
      assertThat(result.endpoint()).isEmpty();
    }

    @Test
    void keepsValuesOfTheWrongTypeUnlessTheUpdateSetsThatKey() throws Exception {
      write("{\"telemetry\": {\"enabled\": \"yes\", \"endpoint\": 42, \"notice_shown\": \"no\"}}");
      ConfigFile file = new ConfigFile(configPath());
      HostConfig before = file.read();
      assertThat(before.telemetryEnabled()).isEmpty();
      assertThat(before.endpoint()).isEmpty();
      assertThat(before.noticeShown()).isFalse();

      file.updateTelemetry(s -> s.withNoticeShown(true));
      assertThat(content())
          .isEqualTo(
              "{\n  \"telemetry\": {\n    \"enabled\": \"yes\",\n    \"endpoint\": 42,\n"
                  + "    \"notice_shown\": true\n  }\n}");

      file.updateTelemetry(s -> s.withEnabled(false));
      assertThat(content()).contains("\"enabled\": false,\n    \"endpoint\": 42,");
    }

    @Test
    void replacesATelemetryValueThatIsNotAnObject() throws Exception {
      write("{\"telemetry\": \"off\", \"x\": 1}");

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false));

      assertThat(content())
          .isEqualTo("{\n  \"telemetry\": {\n    \"enabled\": false\n  },\n  \"x\": 1\n}");
    }

    @Test
    void returnsTheConfigAsWritten() throws Exception {
      write(fixture("mcpproxy-written.json"));

      HostConfig result =
          new ConfigFile(configPath())
              .updateTelemetry(s -> s.withLastReportedVersion("v1.2.3").withEnabled(null));

      assertThat(result.lastReportedVersion()).contains("v1.2.3");
      assertThat(result.telemetryEnabled()).isEmpty();
      assertThat(result.serverCount()).isEqualTo(2);
      assertThat(new ConfigFile(configPath()).read().telemetry()).isEqualTo(result.telemetry());
    }

    @Test
    void keepsWindowsLineEnds() throws Exception {
      write("{\r\n  \"a\": 1\r\n}\r\n");

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(true));

      assertThat(content())
          .isEqualTo(
              "{\r\n  \"a\": 1,\r\n  \"telemetry\": {\r\n    \"enabled\": true\r\n  }\r\n}\r\n");
    }

    @Test
    void makesTheFilePrivate() throws Exception {
      assumeTrue(posix(dir), "POSIX file modes");
      write("{}");
      Files.setPosixFilePermissions(configPath(), PosixFilePermissions.fromString("rw-r--r--"));

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false));

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configPath())))
          .isEqualTo("rw-------");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(dir.resolve("mcp_config.json.lock"))))
          .isEqualTo("rw-------");
    }

    @Test
    void createsAMissingFileAndItsDirectories() throws Exception {
      Path nested = dir.resolve("home/.mcpproxy/mcp_config.json");

      new ConfigFile(nested).updateTelemetry(s -> s.withEnabled(false));

      assertThat(Files.readString(nested))
          .isEqualTo("{\n  \"telemetry\": {\n    \"enabled\": false\n  }\n}\n");
      if (posix(dir)) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)))
            .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent())))
            .isEqualTo("rwx------");
      }
    }

    @Test
    void writesAnEmptyFileAsANewConfig() throws Exception {
      write("");

      new ConfigFile(configPath()).updateTelemetry(s -> s.withNoticeShown(true));

      assertThat(content())
          .isEqualTo("{\n  \"telemetry\": {\n    \"notice_shown\": true\n  }\n}\n");
    }

    @Test
    void leavesTheFileAloneWhenNothingChanges() throws Exception {
      String original = "{\"telemetry\":{\"enabled\":false}}";
      write(original);
      ConfigFile file = new ConfigFile(configPath());

      file.updateTelemetry(s -> s.withEnabled(false));
      file.updateTelemetry(UnaryOperator.identity());

      assertThat(content()).isEqualTo(original);
    }

    @Test
    void doesNotCreateAMissingFileWhenNothingChanges() throws Exception {
      new ConfigFile(configPath()).updateTelemetry(UnaryOperator.identity());

      assertThat(configPath()).doesNotExist();
    }

    @Test
    void neverRewritesInvalidJson() throws Exception {
      byte[] original = "{\n  \"a\": 1,\n  \"b\": [1, 2,,]\n}".getBytes(UTF_8);
      Files.write(configPath(), original);

      assertThatThrownBy(
              () -> new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false)))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.getMessage()).contains(configPath().toString(), "line 3, column 14");
                assertThat(e.line()).hasValue(3);
              });
      assertThat(Files.readAllBytes(configPath())).isEqualTo(original);
      assertThat(strayFiles()).isEmpty();
    }

    @Test
    void neverRewritesAFileWhoseTopLevelIsNotAnObject() throws Exception {
      byte[] original = "[\"servers\"]".getBytes(UTF_8);
      Files.write(configPath(), original);

      assertThatThrownBy(
              () -> new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("line 1, column 1")
          .hasMessageContaining("top level must be a JSON object, found an array");
      assertThat(Files.readAllBytes(configPath())).isEqualTo(original);
    }

    @Test
    void rejectsAnOperatorReturningNull() throws Exception {
      write("{}");

      assertThatThrownBy(() -> new ConfigFile(configPath()).updateTelemetry(s -> null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("returned null");
      assertThat(content()).isEqualTo("{}");
      assertThat(InProcessFileLocks.INSTANCE.size()).isZero();
    }

    @Test
    void keepsAHostWriteMadeAfterAnEarlierRead() throws Exception {
      write("{\n  \"listen\": \":8080\"\n}");
      ConfigFile file = new ConfigFile(configPath());
      HostConfig stale = file.read();
      assertThat(stale.telemetryEnabled()).isEmpty();

      write("{\n  \"listen\": \":9090\",\n  \"mcpServers\": []\n}");
      file.updateTelemetry(s -> s.withEnabled(false));

      assertThat(content())
          .isEqualTo(
              "{\n  \"listen\": \":9090\",\n  \"mcpServers\": [],\n"
                  + "  \"telemetry\": {\n    \"enabled\": false\n  }\n}");
    }

    @Test
    void redoesTheUpdateWhenTheHostWritesDuringIt() throws Exception {
      write("{\n  \"listen\": \":8080\"\n}");
      AtomicInteger applications = new AtomicInteger();

      new ConfigFile(configPath())
          .updateTelemetry(
              s -> {
                if (applications.getAndIncrement() == 0) {
                  hostWrites("{\n  \"listen\": \":9090\"\n}");
                }
                return s.withEnabled(false);
              });

      assertThat(applications).hasValue(2);
      assertThat(content())
          .isEqualTo(
              "{\n  \"listen\": \":9090\",\n  \"telemetry\": {\n    \"enabled\": false\n  }\n}");
      assertThat(strayFiles()).isEmpty();
    }

    @Test
    void givesUpWithoutWritingWhenTheHostWritesDuringEveryAttempt() throws Exception {
      write("{}");
      AtomicInteger applications = new AtomicInteger();

      assertThatThrownBy(
              () ->
                  new ConfigFile(configPath())
                      .updateTelemetry(
                          s -> {
                            hostWrites("{\"round\": " + applications.incrementAndGet() + "}");
                            return s.withEnabled(false);
                          }))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("changed by another program");

      assertThat(content()).isEqualTo("{\"round\": " + applications.get() + "}");
      assertThat(strayFiles()).isEmpty();
    }

    private void hostWrites(String content) {
      try {
        write(content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Test
    void concurrentUpdatesOfDifferentKeysLoseNothing() throws Exception {
      write("{\n  \"host_key\": [\n    1.0\n  ]\n}");
      List<IntFunction<UnaryOperator<TelemetrySettings>>> writers =
          List.of(
              i -> s -> s.withEnabled(i % 2 == 0),
              i -> s -> s.withNoticeShown(i % 2 == 1),
              i -> s -> s.withEndpoint("https://collector.example/" + i),
              i -> s -> s.withLastReportedVersion("v1.0." + i),
              i -> s -> s.withLastStartupOutcome("outcome-" + i),
              i -> s -> s.withAnonymousId("id-" + i));
      int rounds = 15;
      // One instance per thread: the lock must hold across instances, not just within one.
      List<ConfigFile> files = new ArrayList<>();
      writers.forEach(writer -> files.add(new ConfigFile(configPath())));
      Concurrently.run(
          writers.size(),
          thread -> {
            for (int i = 0; i < rounds; i++) {
              files.get(thread).updateTelemetry(writers.get(thread).apply(i));
            }
          });

      int last = rounds - 1;
      assertThat(new ConfigFile(configPath()).read().telemetry())
          .isEqualTo(
              new TelemetrySettings(
                  last % 2 == 0,
                  "id-" + last,
                  null,
                  "https://collector.example/" + last,
                  "v1.0." + last,
                  "outcome-" + last,
                  last % 2 == 1));
      assertThat(content()).startsWith("{\n  \"host_key\": [\n    1.0\n  ],\n  \"telemetry\"");
      assertThat(InProcessFileLocks.INSTANCE.size()).isZero();
      assertThat(strayFiles()).isEmpty();
    }

    @Test
    void writesThroughASymbolicLink() throws Exception {
      Path realDirectory = Files.createDirectory(dir.resolve("dotfiles"));
      Path real = Files.writeString(realDirectory.resolve("mcp_config.json"), "{}");
      try {
        Files.createSymbolicLink(configPath(), real);
      } catch (UnsupportedOperationException | IOException e) {
        assumeTrue(false, "symbolic links not available: " + e);
      }

      new ConfigFile(configPath()).updateTelemetry(s -> s.withEnabled(false));

      assertThat(Files.isSymbolicLink(configPath())).isTrue();
      assertThat(Files.readString(real))
          .isEqualTo("{\n  \"telemetry\": {\n    \"enabled\": false\n  }\n}");
    }
  }
}
