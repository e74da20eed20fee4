package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.ConfigFile;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.config.TelemetrySettings;
import java.lang.System.Logger.Level;
import java.util.function.UnaryOperator;

/**
 * The host's config file as it is now. The host edits it while the service runs, so every use reads
 * it again; when a read fails, the last readable version stands in.
 */
final class CurrentConfig {
  private final ConfigFile file;
  private volatile HostConfig lastGood;

  CurrentConfig(ConfigFile file, HostConfig initial) {
    this.file = file;
    this.lastGood = initial;
  }

  /** Reads the file; when it cannot be read or parsed, returns the last readable version. */
  HostConfig read() {
    try {
      HostConfig config = file.read();
      lastGood = config;
      return config;
    } catch (ConfigException e) {
      TelemetryService.LOG.log(
          Level.WARNING, "Telemetry keeps the last readable config: {0}", e.getMessage());
      return lastGood;
    }
  }

  /**
   * Reads the file with no fallback, for decisions that must follow what is on disk now: a file the
   * person broke while switching telemetry off must not let a heartbeat out.
   */
  HostConfig readStrictly() throws ConfigException {
    HostConfig config = file.read();
    lastGood = config;
    return config;
  }

  /** Changes the {@code telemetry} section on disk, keeping every other key. */
  HostConfig updateTelemetry(UnaryOperator<TelemetrySettings> change) throws ConfigException {
    return file.updateTelemetry(change);
  }

  /** Makes a config just written the fallback for reads that fail. */
  void remember(HostConfig config) {
    lastGood = config;
  }
}
