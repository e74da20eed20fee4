package app.mcpproxy.telemetry.service;

import app.mcpproxy.telemetry.config.ConfigException;
import app.mcpproxy.telemetry.config.ConfigFile;
import app.mcpproxy.telemetry.config.HostConfig;
import app.mcpproxy.telemetry.config.TelemetrySettings;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.function.UnaryOperator;

/**
 * The host's config file as it is now. The host edits it while the service runs, so every use reads
 * it again; when a read fails, the last readable version stands in.
 *
 * <p>A file that existed once and is gone is a failed read, not an empty config: otherwise the next
 * send would make a new anonymous id and write a file holding only the telemetry keys.
 */
final class CurrentConfig {
  private final ConfigFile file;
  private volatile HostConfig lastGood;
  private volatile boolean fileSeen;

  CurrentConfig(ConfigFile file, HostConfig initial) {
    this.file = file;
    this.lastGood = initial;
    this.fileSeen = Files.exists(file.path());
  }

  /** Reads the file; when it cannot be read or parsed, returns the last readable version. */
  HostConfig read() {
    try {
      return readStrictly();
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
    requirePresentIfSeen();
    lastGood = config;
    return config;
  }

  /**
   * Changes the {@code telemetry} section on disk, keeping every other key; refused when the file
   * existed once and is gone.
   */
  HostConfig updateTelemetry(UnaryOperator<TelemetrySettings> change) throws ConfigException {
    requirePresentIfSeen();
    return file.updateTelemetry(change);
  }

  private void requirePresentIfSeen() throws ConfigException {
    if (Files.exists(file.path())) {
      fileSeen = true;
    } else if (fileSeen) {
      throw new ConfigException(
          file.path().toString(),
          "the file existed and is gone; telemetry waits for it rather than make a new identity",
          null);
    }
  }

  /** Makes a config just written the fallback for reads that fail. */
  void remember(HostConfig config) {
    lastGood = config;
  }
}
