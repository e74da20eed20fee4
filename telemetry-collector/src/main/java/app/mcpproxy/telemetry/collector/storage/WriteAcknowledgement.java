package app.mcpproxy.telemetry.collector.storage;

/** Told once whether a submitted write was committed; called on the writer's thread. */
public interface WriteAcknowledgement {
  /** The write is durable. */
  void committed();

  /**
   * The write was not applied.
   *
   * @param cause why
   */
  void failed(Exception cause);
}
