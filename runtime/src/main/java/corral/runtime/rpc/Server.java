package corral.runtime.rpc;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * An object that answers calls: generated server bases ({@code Foo.Server}) extend this and turn
 * {@link #dispatch} into typed methods.
 *
 * <p><b>Threading.</b> Methods run on virtual threads, never on a connection's event loop, so they
 * may block. By default one call at a time runs per object, in arrival order (E-order), so an
 * implementation need not be thread-safe; a server built with {@code concurrent = true} gets calls
 * dispatched as they come and must be. A method that blocks waiting for another call to the same
 * non-concurrent object deadlocks; return from the first instead.
 *
 * <p><b>Lifetime.</b> When the last reference (local {@link Client}s and remote imports) is
 * released, {@link #released()} runs; the object may be referenced again later.
 */
public abstract class Server {
  private static final Executor VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

  private final boolean concurrent;
  private final Object lock = new Object();
  private final ArrayDeque<Runnable> mailbox = new ArrayDeque<>();
  private boolean running;
  private LocalClient hook;

  protected Server() {
    this(false);
  }

  /**
   * @param concurrent whether calls may run in parallel (the object is thread-safe)
   */
  protected Server(boolean concurrent) {
    this.concurrent = concurrent;
  }

  /**
   * Handles one call. Read parameters from {@code context.params()}, write results into {@code
   * context.initResults()}, and return; throw an {@link RpcException} to fail the call with its
   * kind (any other exception fails it as {@code failed} with the exception's text).
   *
   * <p>An unknown method must throw {@link RpcException.Kind#UNIMPLEMENTED} (see {@link
   * #unimplemented}).
   */
  protected abstract void dispatch(long interfaceId, short methodId, CallContext context)
      throws Exception;

  /** Called when the last reference to this object is released. Does nothing by default. */
  protected void released() {}

  /** The exception for a method this server does not implement. */
  protected static RpcException unimplemented(long interfaceId, short methodId) {
    return RpcException.unimplemented(
        "method "
            + methodId
            + " of interface 0x"
            + Long.toHexString(interfaceId)
            + " is not implemented");
  }

  /** A new reference to this object's hook. */
  final ClientHook hook() {
    synchronized (lock) {
      if (hook != null && hook.tryAddRef()) {
        return hook;
      }
      hook = new LocalClient(this);
      return hook;
    }
  }

  final void hookDestroyed(LocalClient dead) {
    synchronized (lock) {
      if (hook != dead) {
        return;
      }
      hook = null;
    }
    released();
  }

  /** Runs {@code task} on a virtual thread, after earlier tasks unless concurrent. */
  final void enqueue(Runnable task) {
    if (concurrent) {
      VIRTUAL.execute(task);
      return;
    }
    synchronized (lock) {
      mailbox.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    VIRTUAL.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (lock) {
        next = mailbox.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      next.run();
    }
  }
}
