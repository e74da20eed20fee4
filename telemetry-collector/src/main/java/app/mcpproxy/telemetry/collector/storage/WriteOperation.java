package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.StoredFeedback;
import java.util.Objects;

/** A change to the database, applied in arrival order by the {@link GroupCommitWriter}. */
public sealed interface WriteOperation {

  /**
   * Merges a heartbeat into the install's row of its day.
   *
   * @param heartbeat the heartbeat
   */
  public record UpsertHeartbeat(ReceivedHeartbeat heartbeat) implements WriteOperation {
    public UpsertHeartbeat {
      Objects.requireNonNull(heartbeat, "heartbeat");
    }
  }

  /**
   * Deletes every row of an install.
   *
   * @param anonymousId the install's id
   */
  public record EraseInstall(String anonymousId) implements WriteOperation {
    public EraseInstall {
      Objects.requireNonNull(anonymousId, "anonymousId");
    }
  }

  /**
   * Stores one piece of feedback.
   *
   * @param feedback the feedback
   */
  public record InsertFeedback(StoredFeedback feedback) implements WriteOperation {
    public InsertFeedback {
      Objects.requireNonNull(feedback, "feedback");
    }
  }
}
