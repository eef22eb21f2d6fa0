package corral.naming;

import java.time.Duration;
import java.util.Optional;

/**
 * An ordered stream of the changes under one prefix, from a revision on. Messages come in revision
 * order with none left out; a watcher that goes away resumes with a new watch from the {@link
 * WatchMessage#revision()} of the last message it took, and misses nothing. A watcher that falls
 * further behind than the store keeps events receives a {@link Snapshot} and continues from it.
 *
 * <p>One consumer thread at a time; {@link #close()} may be called from any thread and wakes a
 * blocked {@link #next}. The watch holds no resources of the store beyond its position.
 */
public interface Watch extends AutoCloseable {
  /**
   * The next message, waiting up to {@code timeout} for one; empty if none came in that time.
   *
   * @throws corral.runtime.rpc.RpcException disconnected, once the watch or its store is closed or
   *     the store lost its backing (ZooKeeper session ended); the cause is in the message
   */
  Optional<WatchMessage> next(Duration timeout);

  /** The revision of the last message taken (the revision the watch started after, at first). */
  long revision();

  /** Ends the watch; a blocked or later {@link #next} throws disconnected. */
  @Override
  void close();
}
