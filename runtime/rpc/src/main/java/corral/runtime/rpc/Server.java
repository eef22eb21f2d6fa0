package corral.runtime.rpc;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An object that answers calls: generated server bases ({@code Foo.Server}) extend this and turn
 * {@link #dispatch} into typed methods.
 *
 * <p><b>Threading.</b> Methods run on the server's executor, never on a connection's event loop, so
 * they may block: by default a new virtual thread per call (nothing is shared between servers); a
 * driver host that must bound or stop an instance's threads builds the instance's servers with an
 * executor of its own ({@link #Server(Executor, boolean)}), whose threads then run every call and
 * every caller-side hand-over of that server's answers. Such an executor must accept tasks as long
 * as the object is referenced: a host shuts it down after dropping the instance's references. By
 * default one call at a time runs per object, in arrival order (E-order), so an implementation need
 * not be thread-safe; a server built with {@code concurrent = true} gets calls dispatched as they
 * come and must be. A method that blocks waiting for another call to the same non-concurrent object
 * deadlocks; return from the first instead.
 *
 * <p><b>Non-blocking servers (opt-in).</b> A server whose methods never block — no {@code join}, no
 * I/O, no waiting on locks held for long; they compute from the parameters and the object's state
 * and return — may override {@link #nonBlocking} to return {@code true}. Calls then still run one
 * at a time in arrival order (or in parallel if concurrent), but a call that finds the object idle
 * runs at once in the thread delivering it: for a call from another vat, the connection's event
 * loop. That saves the two thread hand-offs of a call (loop → executor thread, and the answer back
 * to the loop), about half the server's cost of a small call. Calls that arrive while one runs on
 * another thread are queued and drained on the executor as usual. The price: a method that does
 * block stalls every connection served by that event loop, and a method that waits for an answer
 * from a connection on the same loop deadlocks it. Such calls are never interrupted on cancellation
 * (the loop's thread is not the call's to interrupt); a canceled call that has not started does not
 * run.
 *
 * <p><b>Lifetime.</b> When the last reference (local {@link Client}s and remote imports) is
 * released, {@link #released()} runs; the object may be referenced again later.
 */
public abstract class Server {
  private final Executor executor;
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
    this(task -> Thread.ofVirtual().name("corral-server").start(task), concurrent);
  }

  /**
   * @param executor runs this object's calls (one task per call, or per run of queued calls)
   * @param concurrent whether calls may run in parallel (the object is thread-safe)
   */
  protected Server(Executor executor, boolean concurrent) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.concurrent = concurrent;
  }

  /** Where this object's calls run. */
  final Executor executor() {
    return executor;
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

  /**
   * Whether this object's methods never block, so calls may run on the thread that delivers them,
   * event loops included (see the class comment). {@code false} by default; an override must return
   * a constant.
   */
  protected boolean nonBlocking() {
    return false;
  }

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

  /**
   * Runs {@code task} after earlier tasks unless concurrent: on the executor, or, for a {@link
   * #nonBlocking} object found idle, at once on this thread.
   */
  final void enqueue(Runnable task) {
    boolean inline = nonBlocking();
    if (concurrent) {
      if (inline) {
        task.run();
      } else {
        executor.execute(task);
      }
      return;
    }
    synchronized (lock) {
      if (running) {
        mailbox.add(task);
        return;
      }
      running = true;
      if (!inline) {
        mailbox.add(task);
      }
    }
    if (!inline) {
      executor.execute(this::drain);
      return;
    }
    try {
      task.run();
    } finally {
      // Calls queued meanwhile (from other threads, or by task itself) go to the executor:
      // the delivering thread may be an event loop, which must not be kept by others' work.
      boolean more;
      synchronized (lock) {
        more = !mailbox.isEmpty();
        running = more;
      }
      if (more) {
        executor.execute(this::drain);
      }
    }
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
