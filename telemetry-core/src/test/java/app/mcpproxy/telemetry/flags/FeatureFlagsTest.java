package app.mcpproxy.telemetry.flags;

import static org.assertj.core.api.Assertions.assertThat;

import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureFlagsTest {

  private static FeatureFlagSnapshot snapshot(String json) throws Exception {
    return FeatureFlags.snapshot(HostConfig.parse(json, "t"));
  }

  @Test
  void absentKeysGiveMcpproxyDefaults() {
    assertThat(FeatureFlags.snapshot(HostConfig.empty()))
        .isEqualTo(
            new FeatureFlagSnapshot(true, true, false, false, false, true, true, List.of(), false));
  }

  @Test
  void readsEverySwitch() throws Exception {
    assertThat(
            snapshot(
                """
                {"enable_socket": false, "features": {"enable_web_ui": false},
                 "enable_prompts": true, "require_mcp_auth": true, "enable_code_execution": true,
                 "quarantine_enabled": false, "sensitive_data_detection": {"enabled": false}}
                """))
        .isEqualTo(
            new FeatureFlagSnapshot(
                false, false, true, true, true, false, false, List.of(), false));
  }

  @Test
  void reportsSortedDistinctProviderTypesOfServersWithOAuth() throws Exception {
    FeatureFlagSnapshot flags =
        snapshot(
            """
            {"mcpServers": [
              {"name": "a", "url": "https://login.microsoftonline.com/t", "oauth": {}},
              {"name": "b", "url": "https://api.github.com/mcp", "oauth": {"client_id": "x"}},
              {"name": "c", "url": "https://mcp.example.com", "oauth": {}},
              {"name": "d", "url": "https://github.com.attacker.example/", "oauth": {}},
              {"name": "e", "url": "https://accounts.google.com/"},
              {"name": "f", "url": "https://www.googleapis.com/", "oauth": null},
              {"name": "g", "command": "npx", "oauth": {}}
            ]}
            """);

    assertThat(flags.oauthProviderTypes()).containsExactly("generic", "github", "microsoft");
  }

  @Test
  void providerTypesAreEmptyWhenNoServerHasOAuth() throws Exception {
    assertThat(
            snapshot("{\"mcpServers\": [{\"url\": \"https://api.github.com\"}]}")
                .oauthProviderTypes())
        .isEmpty();
  }

  @Test
  void dockerAvailabilityIsLeftToTheService() throws Exception {
    assertThat(snapshot("{\"docker_isolation\": {\"enabled\": true}}").dockerAvailable()).isFalse();
  }
}
