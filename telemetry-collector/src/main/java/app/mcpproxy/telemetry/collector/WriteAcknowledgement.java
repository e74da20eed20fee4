package app.mcpproxy.telemetry.collector;

/** Told once whether a submitted write was committed; called on the writer's thread. */
interface WriteAcknowledgement {
  /** The write is durable. */
  void committed();

  /**
   * The write was not applied.
   *
   * @param cause why
   */
  void failed(Exception cause);
}
