package app.mcpproxy.telemetry.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per file for the whole JVM, taken before the OS file lock.
 *
 * <p>The JVM holds OS file locks per process, not per thread: a second {@code FileChannel.lock} on
 * the same file from this process throws {@code OverlappingFileLockException} instead of waiting.
 * Threads, including those of different {@link ConfigFile} instances for the same file, therefore
 * queue here first. This mirrors process-wide state the JVM already has, so it is a singleton;
 * entries are removed when their last user leaves.
 */
// One table for the whole JVM is the point: it is guarded by its own monitor.
@SuppressWarnings("ImmutableEnumChecker")
enum InProcessFileLocks {
  INSTANCE;

  private final Map<Path, Entry> entries = new HashMap<>();

  /** Waits for the lock of a file, identified by its real path. */
  Lease acquire(Path file) {
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(file, key -> new Entry());
      entry.users++;
    }
    entry.lock.lock();
    return () -> release(file, entry);
  }

  private void release(Path file, Entry entry) {
    entry.lock.unlock();
    synchronized (entries) {
      entry.users--;
      if (entry.users == 0) {
        entries.remove(file);
      }
    }
  }

  /** Number of files with a lock entry; for tests. */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /** A held lock; release it exactly once. */
  interface Lease {
    void release();
  }

  private static final class Entry {
    private final ReentrantLock lock = new ReentrantLock();
    private int users;
  }
}
