package app.mcpproxy.telemetry.model;

/**
 * System context the service attaches to feedback; counts and fixed values only.
 *
 * @param version host version
 * @param edition host edition wire name
 * @param os operating system in Go's vocabulary
 * @param arch architecture in Go's vocabulary
 * @param serverCount configured servers
 * @param connectedServerCount connected servers
 * @param routingMode routing mode
 */
public record FeedbackContext(
    String version,
    String edition,
    String os,
    String arch,
    int serverCount,
    int connectedServerCount,
    String routingMode) {}
