package corral.naming.tree;

import corral.naming.FutureRevision;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.Snapshot;
import corral.naming.Watch;
import corral.naming.WatchMessage;
import corral.naming.WatchStart;
import corral.naming.Watching;
import corral.runtime.rpc.RpcException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The last {@code capacity} events of a store, in a ring indexed by revision, and the watches that
 * read them. A watch is a position in the ring: {@link #append} wakes every waiting watch once, and
 * each reads on from its own revision, so a watcher costs nothing while it is not reading and a
 * slow one holds back no one. A watch whose position has fallen out of the ring receives a {@link
 * Snapshot} (from the tree, taken when it asks) and goes on from its revision.
 *
 * <pre>
 *  revision:   oldest ............................ current
 *  ring:      [ e(oldest) | ... | e(current) ]       watch A at r: next event under A's prefix after r
 *                                                    watch B at r' &lt; oldest - 1: Snapshot first
 * </pre>
 *
 * Thread-safe. The store appends while it holds its tree's write lock, so a snapshot (taken under
 * the tree's read lock) is always at a revision whose successors are in the ring or still to come.
 */
public final class EventHistory {
  private final int capacity;
  private final NameEvent[] ring;
  private final Function<NamePath, Snapshot> snapshots;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private long current; // guarded by lock
  private long oldest; // guarded by lock; current + 1 when the ring is empty
  private RpcException ended; // guarded by lock

  /**
   * An empty history at revision {@code start}; {@code snapshots} answers with every name under a
   * prefix at one revision (at or after {@code start}).
   */
  public EventHistory(int capacity, long start, Function<NamePath, Snapshot> snapshots) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history capacity " + capacity + " is not positive");
    }
    this.capacity = capacity;
    this.ring = new NameEvent[capacity];
    this.snapshots = snapshots;
    this.current = start;
    this.oldest = start + 1;
  }

  /** The revision of the last event. */
  public long current() {
    lock.lock();
    try {
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** Appends events of consecutive revisions after {@link #current()} and wakes the watches. */
  public void append(List<NameEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (NameEvent e : events) {
        if (e.revision() != current + 1) {
          throw new IllegalStateException(
              "event of revision " + e.revision() + " appended to a history at " + current);
        }
        ring[(int) (e.revision() % capacity)] = e;
        current = e.revision();
        if (current - oldest + 1 > capacity) {
          oldest = current - capacity + 1;
        }
      }
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets every event and moves to revision {@code to} (a store that fell behind further than its
   * source keeps, and reloaded): watches behind it receive a snapshot.
   */
  public void reset(long to) {
    lock.lock();
    try {
      current = to;
      oldest = to + 1;
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends every watch: their {@code next} throws {@code cause}. */
  public void end(RpcException cause) {
    lock.lock();
    try {
      if (ended == null) {
        ended = cause;
      }
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A watch of {@code prefix} after {@code afterRevision}, or why not. */
  public WatchStart watch(NamePath prefix, long afterRevision) {
    lock.lock();
    try {
      if (ended != null) {
        throw ended;
      }
      if (afterRevision < 0) {
        throw new IllegalArgumentException(
            "watch " + prefix + " after revision " + afterRevision + ": revisions start at 0");
      }
      if (afterRevision > current) {
        return new FutureRevision(prefix, afterRevision, current);
      }
      return new Watching(new HistoryWatch(prefix, afterRevision));
    } finally {
      lock.unlock();
    }
  }

  private final class HistoryWatch implements Watch {
    private final NamePath prefix;
    private long position; // guarded by lock
    private boolean closed; // guarded by lock

    HistoryWatch(NamePath prefix, long after) {
      this.prefix = prefix;
      this.position = after;
    }

    @Override
    public Optional<WatchMessage> next(Duration timeout) {
      long nanos = timeout.toNanos();
      lock.lock();
      try {
        while (true) {
          if (closed) {
            throw RpcException.disconnected("watch of " + prefix + " is closed");
          }
          if (ended != null) {
            throw ended;
          }
          if (position < oldest - 1) {
            lock.unlock();
            Snapshot snapshot;
            try {
              snapshot = snapshots.apply(prefix);
            } finally {
              lock.lock();
            }
            if (snapshot.revision() >= oldest - 1) {
              position = snapshot.revision();
              return Optional.of(snapshot);
            }
            continue;
          }
          while (position < current) {
            NameEvent e = ring[(int) ((position + 1) % capacity)];
            position++;
            if (e.path().isUnder(prefix)) {
              return Optional.of(e);
            }
          }
          if (nanos <= 0) {
            return Optional.empty();
          }
          nanos = appended.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RpcException.disconnected("watch of " + prefix + " interrupted");
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long revision() {
      lock.lock();
      try {
        return position;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      lock.lock();
      try {
        closed = true;
        appended.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
