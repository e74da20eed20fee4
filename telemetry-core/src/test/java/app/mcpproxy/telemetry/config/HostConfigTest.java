package app.mcpproxy.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostConfigTest {

  private static HostConfig parse(String json) throws ConfigException {
    return HostConfig.parse(json, "test.json");
  }

  @Nested
  class Parse {
    @Test
    void blankTextIsAnEmptyConfig() throws Exception {
      assertThat(parse("  \n").telemetry()).isEqualTo(TelemetrySettings.empty());
      assertThat(parse("").serverCount()).isZero();
    }

    @Test
    void errorNamesSourceLineAndColumn() {
      assertThatThrownBy(() -> HostConfig.parse("{\n  \"a\": 1,\n}", "/etc/mcp.json"))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e -> {
                assertThat(e.getMessage()).startsWith("/etc/mcp.json: line 3, column 1: ");
                assertThat(e.source()).isEqualTo("/etc/mcp.json");
                assertThat(e.line()).hasValue(3);
                assertThat(e.column()).hasValue(1);
              });
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "[]                | found an array",
          "\"text\"          | found a string",
          "42                | found a number",
          "null              | found null",
          "true              | found a boolean",
        })
    void rejectsATopLevelThatIsNotAnObject(String json, String found) {
      assertThatThrownBy(() -> parse(json))
          .isInstanceOf(ConfigException.class)
          .hasMessage("test.json: line 1, column 1: the top level must be a JSON object, " + found);
    }

    @Test
    void rejectsContentAfterTheTopLevelObject() {
      assertThatThrownBy(() -> parse("{}\n{}"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "test.json: line 2, column 1: unexpected an object after the top-level object");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"a\": 1 // comment\n}",
          "{'a': 1}",
          "{a: 1}",
          "{\"a\": [1,]}",
          "{\"a\": 01}",
          "{\"a\": NaN}",
          "{\"a\": \"tab\tinside\"}",
          "{\"a\": 1",
          "\uFEFF{}",
        })
    void acceptsOnlyStrictJson(String json) {
      assertThatThrownBy(() -> parse(json))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.line()).isPresent());
    }

    @Test
    void lastDuplicateKeyWinsAsInMcpproxy() throws Exception {
      HostConfig config =
          parse("{\"telemetry\": {\"enabled\": true}, \"telemetry\": {\"enabled\": false}}");

      assertThat(config.telemetryEnabled()).contains(false);
    }

    @Test
    void toStringNamesNoValueFromTheFile() throws Exception {
      HostConfig config =
          parse(
              "{\"data_dir\": \"/Users/alice/x\", \"mcpServers\": [{\"name\": \"secret-server\","
                  + " \"url\": \"https://internal.corp.example/mcp\"}]}");

      assertThat(config.toString())
          .isEqualTo("HostConfig[source=test.json, servers=1]")
          .doesNotContain("alice", "secret-server", "internal.corp");
    }
  }

  @Nested
  class Telemetry {
    @Test
    void readsEveryKey() throws Exception {
      HostConfig config =
          parse(
              """
              {"telemetry": {
                "enabled": false,
                "anonymous_id": "550e8400-e29b-41d4-a716-446655440000",
                "anonymous_id_created_at": "2026-04-10T12:00:00Z",
                "endpoint": "https://collector.example/v1",
                "last_reported_version": "v1.2.3",
                "last_startup_outcome": "success",
                "notice_shown": true
              }}
              """);

      assertThat(config.telemetryEnabled()).contains(false);
      assertThat(config.anonymousId()).contains("550e8400-e29b-41d4-a716-446655440000");
      assertThat(config.anonymousIdCreatedAt()).contains("2026-04-10T12:00:00Z");
      assertThat(config.endpoint()).contains("https://collector.example/v1");
      assertThat(config.lastReportedVersion()).contains("v1.2.3");
      assertThat(config.lastStartupOutcome()).contains("success");
      assertThat(config.noticeShown()).isTrue();
      assertThat(config.telemetry())
          .isEqualTo(
              new TelemetrySettings(
                  false,
                  "550e8400-e29b-41d4-a716-446655440000",
                  "2026-04-10T12:00:00Z",
                  "https://collector.example/v1",
                  "v1.2.3",
                  "success",
                  true));
    }

    @Test
    void absentKeysReadAsAbsent() throws Exception {
      assertThat(parse("{}").telemetry()).isEqualTo(TelemetrySettings.empty());
      assertThat(parse("{\"telemetry\": {}}").telemetry()).isEqualTo(TelemetrySettings.empty());
      assertThat(parse("{\"telemetry\": null}").telemetry()).isEqualTo(TelemetrySettings.empty());
    }

    @Test
    void valuesOfTheWrongTypeReadAsAbsent() throws Exception {
      HostConfig config =
          parse(
              """
              {"telemetry": {
                "enabled": "false",
                "anonymous_id": 7,
                "anonymous_id_created_at": null,
                "endpoint": ["https://x.example"],
                "last_reported_version": {},
                "last_startup_outcome": true,
                "notice_shown": "true"
              }}
              """);

      assertThat(config.telemetry()).isEqualTo(TelemetrySettings.empty());
    }

    @Test
    void telemetryThatIsNotAnObjectReadsAsAbsent() throws Exception {
      assertThat(parse("{\"telemetry\": false}").telemetryEnabled()).isEmpty();
    }

    @Test
    void emptyStringsReadAsAbsent() throws Exception {
      assertThat(parse("{\"telemetry\": {\"anonymous_id\": \"\"}}").anonymousId()).isEmpty();
    }

    @Test
    void decodesEscapes() throws Exception {
      assertThat(
              parse("{\"telemetry\": {\"endpoint\": \"https:\\/\\/c.example\\/v1?a=1\\u0026b\"}}")
                  .endpoint())
          .contains("https://c.example/v1?a=1&b");
    }
  }

  @Nested
  class Defaults {
    @Test
    void emptyConfigHasMcpproxyDefaults() {
      HostConfig config = HostConfig.empty();

      assertThat(config.enableSocket()).isTrue();
      assertThat(config.enableWebUi()).isTrue();
      assertThat(config.enablePrompts()).isFalse();
      assertThat(config.requireMcpAuth()).isFalse();
      assertThat(config.enableCodeExecution()).isFalse();
      assertThat(config.quarantineEnabled()).isTrue();
      assertThat(config.sensitiveDataDetectionEnabled()).isTrue();
      assertThat(config.routingMode()).isEqualTo("retrieve_tools");
      assertThat(config.dataDir()).isEmpty();
      assertThat(config.servers()).isEmpty();
      assertThat(config.telemetry()).isEqualTo(TelemetrySettings.empty());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"enable_socket\": false}                             | enable_socket=false",
          "{\"enable_socket\": \"no\"}                            | enable_socket=true",
          "{\"features\": {\"enable_web_ui\": false}}             | enable_web_ui=false",
          "{\"features\": {}}                                     | enable_web_ui=true",
          "{\"features\": false}                                  | enable_web_ui=true",
          "{\"enable_web_ui\": false}                             | enable_web_ui=true",
          "{\"enable_prompts\": true}                             | enable_prompts=true",
          "{\"require_mcp_auth\": true}                           | require_mcp_auth=true",
          "{\"enable_code_execution\": true}                      | enable_code_execution=true",
          "{\"enable_code_execution\": 1}                         | enable_code_execution=false",
          "{\"quarantine_enabled\": false}                        | quarantine_enabled=false",
          "{\"quarantine_enabled\": null}                         | quarantine_enabled=true",
          "{\"sensitive_data_detection\": {\"enabled\": false}}   | sensitive=false",
          "{\"sensitive_data_detection\": {\"scan_requests\": 1}} | sensitive=true",
          "{\"sensitive_data_detection\": null}                   | sensitive=true",
        })
    void readsFeatureSwitches(String json, String expectation) throws Exception {
      HostConfig config = parse(json);
      String[] parts = expectation.split("=");
      boolean expected = Boolean.parseBoolean(parts[1]);
      Predicate<HostConfig> getter =
          switch (parts[0]) {
            case "enable_socket" -> HostConfig::enableSocket;
            case "enable_web_ui" -> HostConfig::enableWebUi;
            case "enable_prompts" -> HostConfig::enablePrompts;
            case "require_mcp_auth" -> HostConfig::requireMcpAuth;
            case "enable_code_execution" -> HostConfig::enableCodeExecution;
            case "quarantine_enabled" -> HostConfig::quarantineEnabled;
            case "sensitive" -> HostConfig::sensitiveDataDetectionEnabled;
            default -> throw new IllegalArgumentException(parts[0]);
          };

      assertThat(getter.test(config)).isEqualTo(expected);
    }
  }

  @Nested
  class Host {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"routing_mode\": \"direct\"}               | direct",
          "{\"routing_mode\": \"code_execution\"}       | code_execution",
          "{\"routing_mode\": \"retrieve_tools\"}       | retrieve_tools",
          "{\"routing_mode\": \"\"}                     | retrieve_tools",
          "{\"routing_mode\": \"Direct\"}               | retrieve_tools",
          "{\"routing_mode\": \"/Users/alice/secret\"}  | retrieve_tools",
          "{\"routing_mode\": 3}                        | retrieve_tools",
        })
    void routingModeIsAlwaysAKnownMode(String json, String expected) throws Exception {
      assertThat(parse(json).routingMode()).isEqualTo(expected);
    }

    @Test
    void dataDirIsTheConfiguredPathAsWritten() throws Exception {
      assertThat(parse("{\"data_dir\": \"/srv/mcpproxy\"}").dataDir())
          .contains(Path.of("/srv/mcpproxy"));
      assertThat(parse("{\"data_dir\": \"~/.mcpproxy\"}").dataDir())
          .contains(Path.of("~/.mcpproxy"));
      assertThat(parse("{\"data_dir\": \" \"}").dataDir()).isEmpty();
      assertThat(parse("{\"data_dir\": 5}").dataDir()).isEmpty();
      assertThat(parse("{\"data_dir\": \"a\\u0000b\"}").dataDir()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{}                                  | /home/u/.mcpproxy",
          "{\"data_dir\": \"~\"}               | /home/u",
          "{\"data_dir\": \"~/data/mcp\"}      | /home/u/data/mcp",
          "{\"data_dir\": \"/srv/mcpproxy\"}   | /srv/mcpproxy",
          "{\"data_dir\": \"~other/x\"}        | ~other/x",
        })
    void resolvedDataDirExpandsHomeAndDefaults(String json, String expected) throws Exception {
      assertThat(parse(json).resolvedDataDir(Path.of("/home/u"))).isEqualTo(Path.of(expected));
    }

    @Test
    void readsServersWithoutNames() throws Exception {
      HostConfig config =
          parse(
              """
              {"mcpServers": [
                {"name": "a", "url": "https://api.github.com/mcp", "protocol": "http",
                 "oauth": {"client_id": "x"}},
                {"name": "b", "command": "npx", "protocol": "stdio", "enabled": false},
                {"name": "c", "oauth": null, "protocol": 5, "url": false},
                "not an object",
                {"name": "d", "oauth": {}}
              ]}
              """);

      assertThat(config.serverCount()).isEqualTo(4);
      assertThat(config.servers())
          .containsExactly(
              new ServerEntry("http", "https://api.github.com/mcp", true, true),
              new ServerEntry("stdio", "", false, false),
              new ServerEntry("", "", false, true),
              new ServerEntry("", "", true, true));
      assertThat(config.servers().toString()).doesNotContain("github");
    }

    @Test
    void serversThatAreNotAListAreNone() throws Exception {
      assertThat(parse("{\"mcpServers\": {\"a\": {}}}").servers()).isEmpty();
    }
  }
}
