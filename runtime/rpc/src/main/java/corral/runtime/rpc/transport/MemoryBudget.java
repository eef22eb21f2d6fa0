package corral.runtime.rpc.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that all connections of a vat may hold together for what their peers sent or left
 * unfinished: frames still arriving, and results kept until the peer finishes its question. A
 * connection that would go beyond it is aborted (its peer is the one asking for more), so one peer,
 * or many together, cannot exhaust the heap.
 *
 * <p>Thread-safe: one budget is shared by every connection of a vat, on every event loop.
 */
public final class MemoryBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  /** A budget of {@code bytes} (at least 1). */
  public MemoryBudget(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("a memory budget must be positive: " + bytes + " bytes");
    }
    this.limit = bytes;
  }

  /**
   * Takes {@code bytes} from the budget if that leaves it within its limit; false (taking nothing)
   * if not.
   */
  public boolean tryReserve(long bytes) {
    long now;
    do {
      now = held.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!held.compareAndSet(now, now + bytes));
    return true;
  }

  /** Gives back {@code bytes} taken by {@link #tryReserve}. */
  public void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** The bytes reserved now. */
  public long held() {
    return held.get();
  }

  /** The bytes that may be reserved at most. */
  public long limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "MemoryBudget[" + held.get() + " of " + limit + " bytes]";
  }
}
