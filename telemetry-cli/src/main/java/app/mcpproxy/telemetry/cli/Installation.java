package app.mcpproxy.telemetry.cli;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.ConfigFile;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.env.AutostartReader;
import app.mcpproxy.telemetry.env.ProcessEnvironment;
import app.mcpproxy.telemetry.model.Edition;
import app.mcpproxy.telemetry.service.TelemetryService;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The mcpproxy installation a command acts on: the config file, what it holds, and the data
 * directory.
 *
 * @param configPath the config file, which may not exist yet
 * @param config the parsed config; empty when the file does not exist
 * @param dataDir the data directory: {@code --data-dir}, else the config's {@code data_dir}, else
 *     {@code ~/.mcpproxy}
 */
record Installation(Path configPath, HostConfig config, Path dataDir) {
  /**
   * Reads the installation the global options point at.
   *
   * @throws CommandFailure when the config file cannot be read or is not valid JSON; the reason
   *     names the file and the position
   */
  static Installation locate(TelemetryCli root) {
    CliEnvironment environment = root.environment();
    Path configPath =
        root.configOption() != null
            ? root.configOption()
            : ConfigFile.defaultPath(environment.home());
    HostConfig config;
    try {
      config = new ConfigFile(configPath).read();
    } catch (ConfigException e) {
      throw new CommandFailure(Messages.oneLine(e), e);
    }
    Path dataDir =
        root.dataDirOption() != null
            ? root.dataDirOption()
            : config.resolvedDataDir(environment.home());
    return new Installation(configPath, config, dataDir);
  }

  /**
   * Builds the telemetry service for this installation, as this tool's own host: its version and
   * the personal edition; the service takes host figures (server count, routing mode) from the
   * config file.
   *
   * @param environment the process environment
   * @param endpoint the endpoint to use instead of the config's, or {@code null}
   */
  TelemetryService openService(CliEnvironment environment, @Nullable URI endpoint) {
    ProcessEnvironment process = environment.process();
    TelemetryService.Builder builder =
        TelemetryService.builder()
            .config(configPath)
            .version(CliVersion.current())
            .edition(Edition.PERSONAL)
            .dataDir(dataDir)
            .processEnvironment(process)
            .clock(environment.clock())
            .autostartReader(
                AutostartReader.forHome(environment.home(), process.goOs(), environment.clock()));
    if (endpoint != null) {
      builder.endpoint(endpoint);
    }
    try {
      return builder.build();
    } catch (ConfigException e) {
      throw new CommandFailure(Messages.oneLine(e), e);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          "cannot use the config " + configPath + ": " + Messages.oneLine(e), e);
    }
  }

  ConfigFile configFile() {
    return new ConfigFile(configPath);
  }
}
