package app.mcpproxy.telemetry.flags;

import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.config.ServerEntry;
import app.mcpproxy.telemetry.model.FeatureFlagSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds the {@code feature_flags} part of a heartbeat from the host's config. */
public final class FeatureFlags {

  private FeatureFlags() {}

  /**
   * Takes a snapshot of the host's feature switches.
   *
   * <p>Absent keys take mcpproxy's defaults (see {@link HostConfig}). {@code docker_available} is
   * {@code false} here: it is a runtime observation, which the service sets from its runtime stats
   * with {@link FeatureFlagSnapshot#withDockerAvailable(boolean)}.
   *
   * @param config the host's config
   * @return the snapshot; {@code oauth_provider_types} holds the sorted, distinct provider types of
   *     the servers with an {@code oauth} object, and is empty when there are none
   */
  public static FeatureFlagSnapshot snapshot(HostConfig config) {
    Objects.requireNonNull(config, "config");
    List<String> providerTypes = new ArrayList<>();
    for (ServerEntry server : config.servers()) {
      if (server.hasOAuth()) {
        providerTypes.add(OAuthProviders.classify(server.url()));
      }
    }
    return new FeatureFlagSnapshot(
        config.enableSocket(),
        config.enableWebUi(),
        config.enablePrompts(),
        config.requireMcpAuth(),
        config.enableCodeExecution(),
        config.quarantineEnabled(),
        config.sensitiveDataDetectionEnabled(),
        OAuthProviders.sorted(providerTypes),
        false);
  }
}
