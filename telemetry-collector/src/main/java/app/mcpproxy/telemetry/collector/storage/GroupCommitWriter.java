package app.mcpproxy.telemetry.collector.storage;

import app.mcpproxy.telemetry.collector.storage.WriteOperation.EraseInstall;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.InsertFeedback;
import app.mcpproxy.telemetry.collector.storage.WriteOperation.UpsertHeartbeat;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The only writer of the database: one thread drains every write that arrived meanwhile, applies
 * them in arrival order in one transaction, commits once, then acknowledges each. Under load many
 * requests share one commit (group commit) instead of paying one durable commit each.
 */
// The stop marker is one instance, found by identity whatever the records hold.
@SuppressWarnings("ReferenceEquality")
public final class GroupCommitWriter implements AutoCloseable {
  public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
  static final int MAX_BATCH = 4_096;

  private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());

  @SuppressWarnings("NullAway") // a marker found by identity, never applied nor acknowledged
  private static final Pending STOP = new Pending(null, null);

  private final CollectorDatabase database;
  private final IntConsumer committedBatch;
  private final CommitHook beforeCommit;
  private final InstallDayWriter installDays;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean accepting = true;

  /**
   * The connection the writer holds while it has work, so that its statements stay prepared from
   * one batch to the next; given back to the pool whenever the queue runs dry or a write fails.
   * Used by the writer's thread only.
   */
  private @Nullable Connection connection;

  /** Runs on the writer's thread just before each commit; tests use it to hold a write open. */
  @FunctionalInterface
  public interface CommitHook {
    CommitHook NONE = () -> {};

    void beforeCommit() throws InterruptedException;
  }

  public GroupCommitWriter(
      CollectorDatabase database, IntConsumer committedBatch, int queueCapacity, CommitHook hook) {
    this.database = Objects.requireNonNull(database, "database");
    this.committedBatch = Objects.requireNonNull(committedBatch, "committedBatch");
    this.beforeCommit = Objects.requireNonNull(hook, "hook");
    this.installDays = new InstallDayWriter(new ObjectMapper(), database.vendor());
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::run, "collector-writer");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /**
   * Queues a write; never blocks.
   *
   * @param operation the write
   * @param acknowledgement told once the write is committed or failed
   * @return {@code false} when the queue is full or the writer is closing; nothing was queued
   */
  public boolean submit(WriteOperation operation, WriteAcknowledgement acknowledgement) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(acknowledgement, "acknowledgement");
    return accepting && queue.offer(new Pending(operation, acknowledgement));
  }

  public int queueDepth() {
    return queue.size();
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Stops taking writes, commits everything already queued, then ends the thread. */
  @Override
  public void close() {
    accepting = false;
    if (thread.isAlive()) {
      try {
        queue.put(STOP);
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Anything that slipped in after the stop marker is refused, never left waiting.
    List<Pending> leftovers = new ArrayList<>();
    queue.drainTo(leftovers);
    for (Pending pending : leftovers) {
      if (pending != STOP) {
        pending.fail(new IllegalStateException("collector is shutting down"));
      }
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    boolean stopping = false;
    while (!stopping) {
      try {
        Pending first = queue.poll();
        if (first == null) {
          giveBackConnection();
          first = queue.take();
        }
        batch.add(first);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        giveBackConnection();
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      stopping = batch.remove(STOP);
      if (!batch.isEmpty()) {
        commit(batch);
      }
      batch.clear();
    }
    giveBackConnection();
  }

  private void commit(List<Pending> batch) {
    try {
      writeInOneTransaction(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1 || isConnectionFailure(e)) {
        LOG.log(Level.ERROR, "commit of " + batch.size() + " writes failed: " + describe(e));
        batch.forEach(pending -> pending.fail(e));
        return;
      }
      // One bad write must not sink the others: retry each alone.
      for (Pending pending : batch) {
        commit(List.of(pending));
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      batch.forEach(pending -> pending.fail(e));
      return;
    }
    committedBatch.accept(batch.size());
    batch.forEach(Pending::acknowledge);
  }

  private void writeInOneTransaction(List<Pending> batch)
      throws SQLException, InterruptedException {
    Connection connection = heldConnection();
    try {
      List<ReceivedHeartbeat> segment = new ArrayList<>();
      for (Pending pending : batch) {
        WriteOperation operation = pending.operation();
        if (operation instanceof UpsertHeartbeat write) {
          segment.add(write.heartbeat());
        } else if (operation instanceof EraseInstall erase) {
          flush(segment, connection);
          installDays.erase(connection, erase.anonymousId());
        } else if (operation instanceof InsertFeedback insert) {
          flush(segment, connection);
          try (PreparedStatement statement = connection.prepareStatement(FeedbackTable.INSERT)) {
            FeedbackTable.bind(statement, insert.feedback());
            statement.executeUpdate();
          }
        }
      }
      flush(segment, connection);
      beforeCommit.beforeCommit();
      connection.commit();
      installDays.committed();
    } catch (SQLException | RuntimeException | InterruptedException e) {
      installDays.rolledBack();
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      } finally {
        // A fresh connection for the next batch, whatever state this one is in.
        giveBackConnection();
      }
      throw e;
    }
  }

  private Connection heldConnection() throws SQLException {
    Connection held = connection;
    if (held == null) {
      held = database.connection();
      try {
        held.setAutoCommit(false);
      } catch (SQLException e) {
        held.close();
        throw e;
      }
      connection = held;
    }
    return held;
  }

  private void giveBackConnection() {
    Connection held = connection;
    if (held == null) {
      return;
    }
    connection = null;
    installDays.forgetStatements();
    try {
      held.close();
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "giving back the writer's connection failed: " + describe(e));
    }
  }

  private void flush(List<ReceivedHeartbeat> segment, Connection connection) throws SQLException {
    installDays.write(connection, segment);
    segment.clear();
  }

  private static boolean isConnectionFailure(Exception e) {
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    return e instanceof SQLException sql
        && sql.getSQLState() != null
        && sql.getSQLState().startsWith("08");
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private record Pending(WriteOperation operation, WriteAcknowledgement acknowledgement) {
    void acknowledge() {
      try {
        acknowledgement.committed();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "acknowledging a committed write failed: " + describe(e));
      }
    }

    void fail(Exception cause) {
      try {
        acknowledgement.failed(cause);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "reporting a failed write failed: " + describe(e));
      }
    }
  }
}
