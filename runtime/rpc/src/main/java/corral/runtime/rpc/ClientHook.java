package corral.runtime.rpc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a capability reference points at, inside the engine: a local server, an import from a
 * connection, a promise, a broken reference. {@link Client} is its public face.
 *
 * <p>Reference counted: each owner (a {@link Client}, a {@link CapTable}, a table entry of a
 * connection) holds one reference and drops it with {@link #release()}; at zero the hook is {@link
 * #destroyed()} (an import sends {@code Release}, a server learns it has no more clients).
 *
 * <p>{@link #call} is thread-safe and keeps E-order: calls made through one hook from one thread
 * are delivered in the order made.
 */
abstract class ClientHook {
  private final AtomicInteger refs = new AtomicInteger(1);

  /** Adds a reference and returns this hook. */
  final ClientHook addRef() {
    int before = refs.getAndIncrement();
    if (before <= 0) {
      refs.getAndDecrement();
      throw new IllegalStateException("capability used after its last reference was released");
    }
    return this;
  }

  /** Adds a reference if any remain (the hook is not being destroyed), else returns false. */
  final boolean tryAddRef() {
    int n;
    do {
      n = refs.get();
      if (n <= 0) {
        return false;
      }
    } while (!refs.compareAndSet(n, n + 1));
    return true;
  }

  final void release() {
    int after = refs.decrementAndGet();
    if (after == 0) {
      destroyed();
    } else if (after < 0) {
      throw new IllegalStateException("capability released more often than referenced");
    }
  }

  /** Called once, when the last reference is released. */
  abstract void destroyed();

  /** Starts a call; the hook takes over {@code request}'s parameters. */
  abstract PendingCall call(CallRequest request);

  /**
   * The hook calls are currently delivered to, following resolved promises; this hook when it is
   * not a promise or not yet resolved. A borrowed reference.
   */
  ClientHook resolved() {
    return this;
  }

  /** Whether this is an unresolved promise that may later resolve to another hook. */
  boolean isPromise() {
    return false;
  }

  /**
   * Runs {@code action} once this promise has resolved (at once for a settled hook), on whichever
   * thread resolves it.
   */
  void whenResolved(Runnable action) {
    action.run();
  }

  /** The connection whose peer hosts the object, or null for a local or broken hook. */
  RpcConnection connection() {
    return null;
  }
}
