package app.mcpproxy.telemetry.model;

/**
 * The raw observations behind an {@link EnvKind} verdict. Booleans only: no value of a variable,
 * host name, user name or path may ever be carried here.
 *
 * @param hasCiEnv a CI variable is set
 * @param hasCloudIdeEnv a cloud-IDE variable is set
 * @param isContainer a container marker file or variable is present
 * @param hasTty standard input is a terminal
 * @param hasDisplay {@code DISPLAY} or {@code WAYLAND_DISPLAY} is set
 */
public record EnvMarkers(
    boolean hasCiEnv,
    boolean hasCloudIdeEnv,
    boolean isContainer,
    boolean hasTty,
    boolean hasDisplay) {

  /** Markers with every observation false. */
  public static EnvMarkers none() {
    return new EnvMarkers(false, false, false, false, false);
  }
}
