package corral.runtime.rpc;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An object that answers calls: generated server bases ({@code Foo.Server}) extend this and turn
 * {@link #dispatch} into typed methods.
 *
 * <p><b>Threading.</b> Methods run on the server's executor, in threads that may block: by default
 * a new virtual thread per call (nothing is shared between servers); a driver host that must bound
 * or stop an instance's threads builds the instance's servers with an executor of its own ({@link
 * #Server(Executor, boolean)}), whose threads then run every call and every caller-side hand-over
 * of that server's answers. Such an executor must accept tasks as long as the object is referenced:
 * a host shuts it down after dropping the instance's references. By default one call at a time runs
 * per object, in arrival order (E-order), so an implementation need not be thread-safe; a server
 * built with {@code concurrent = true} gets calls dispatched as they come and must be. A method
 * that blocks waiting for another call to the same non-concurrent object deadlocks; return from the
 * first instead.
 *
 * <p><b>Default dispatch.</b> With the default executor, a call's virtual thread starts on the
 * thread that delivers the call — for a call from another vat, the connection's event loop — and
 * runs there until the method returns or first blocks; a method that blocks (a {@code join}, a
 * lock, a sleep, a socket) frees that thread at once and continues on the JDK's virtual-thread
 * carriers, as any virtual thread does. A method that returns without blocking thus costs no thread
 * hand-off, and one that blocks costs what it always did. What a virtual thread cannot give up is a
 * thread it keeps by computing, or in a file read or native code, which keep the thread they run
 * on: so each method of each object runs its calls on virtual threads of their own until one of
 * them ends within 1 ms, which earns the method the delivering thread, and loses it for good
 * (logged once) when three calls in a row so started keep the delivering thread for more than 10 ms
 * each. A method that spins on every call therefore never reaches an event loop; one that spins
 * forever after earning it holds that loop (a driver host's heartbeats then fail and its supervisor
 * restarts it). This needs the JVM option {@code --add-opens java.base/java.lang=ALL-UNNAMED} (Java
 * 25 has no public API for where a virtual thread runs; driver hosts get the option from the
 * kernel); without it every call is handed to a virtual thread. A server built with its own
 * executor always runs its calls there.
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Server.class);

  /** The default executor: a new virtual thread per task. */
  private static final Executor VIRTUAL_THREAD_PER_CALL =
      task -> Thread.ofVirtual().name("corral-server").start(task);

  /** A call run on its own thread within this earns its method the delivering thread. */
  static final long QUICK_RUN_NANOS = 1_000_000;

  /**
   * {@link #STRIKES} calls in a row started on the delivering thread that each keep it longer
   * withdraw their method. In a row, since one slow call may be the machine's doing (the thread
   * preempted, the JIT compiling on the same core) rather than the method's.
   */
  static final long LOOP_BUDGET_NANOS = 10_000_000;

  static final int STRIKES = 3;

  private final Executor executor;
  private final boolean concurrent;
  private final Object lock = new Object();
  private final ArrayDeque<Queued> mailbox = new ArrayDeque<>();
  private boolean running;
  private LocalClient hook;
  private volatile MethodRecord[] methods = new MethodRecord[0];

  protected Server() {
    this(false);
  }

  /**
   * @param concurrent whether calls may run in parallel (the object is thread-safe)
   */
  protected Server(boolean concurrent) {
    this(VIRTUAL_THREAD_PER_CALL, concurrent);
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
   * Runs {@code task}, a call of method {@code methodId} of interface {@code interfaceId}, after
   * earlier tasks unless concurrent: at once on this thread for a {@link #nonBlocking} object found
   * idle; in a virtual thread started on this thread (see "Default dispatch" in the class comment)
   * for a method that has earned it; on the executor otherwise.
   */
  final void enqueue(long interfaceId, short methodId, Runnable task) {
    boolean inline = nonBlocking();
    MethodRecord record = null;
    if (!inline && executor == VIRTUAL_THREAD_PER_CALL && InlineThreads.available()) {
      record = record(interfaceId, methodId);
    }
    int state = record == null ? MethodRecord.SLOW : record.state;
    boolean startHere = state == MethodRecord.STARTS_HERE && InlineThreads.canStartHere();
    if (state == MethodRecord.LEARNING) {
      MethodRecord learning = record;
      Runnable timed = task;
      task =
          () -> {
            long start = System.nanoTime();
            try {
              timed.run();
            } finally {
              learning.ranOnItsOwn(System.nanoTime() - start);
            }
          };
    }
    if (concurrent) {
      if (inline) {
        task.run();
      } else if (startHere) {
        startHere(record, task);
      } else {
        executor.execute(task);
      }
      return;
    }
    synchronized (lock) {
      if (running) {
        mailbox.add(new Queued(task, record, record == null ? null : deliveringLoop()));
        return;
      }
      running = true;
      if (!inline && !startHere) {
        mailbox.add(new Queued(task, null, null));
      }
    }
    if (inline) {
      try {
        task.run();
      } finally {
        runEnded();
      }
    } else if (startHere) {
      Runnable first = task;
      startHere(
          record,
          () -> {
            try {
              first.run();
            } finally {
              runEnded();
            }
          });
    } else {
      executor.execute(() -> drain(true));
    }
  }

  /**
   * After a call run on a thread that is not the executor's: calls queued meanwhile (from other
   * threads, or by the call itself) go to the executor, since the delivering thread may be an event
   * loop, which must not be kept by others' work.
   */
  private void runEnded() {
    boolean more;
    synchronized (lock) {
      more = !mailbox.isEmpty();
      running = more;
    }
    if (more) {
      executor.execute(() -> drain(true));
    }
  }

  /** Runs {@code task} in a virtual thread started here, and withdraws the method if it held on. */
  private void startHere(MethodRecord record, Runnable task) {
    long start = System.nanoTime();
    InlineThreads.start(task);
    long held = System.nanoTime() - start;
    if (held > LOOP_BUDGET_NANOS) {
      record.heldTooLong(held);
    } else if (record.strikes != 0) {
      record.strikes = 0;
    }
  }

  private MethodRecord record(long interfaceId, short methodId) {
    MethodRecord[] known = methods;
    for (MethodRecord r : known) {
      if (r.methodId == methodId && r.interfaceId == interfaceId) {
        return r;
      }
    }
    synchronized (lock) {
      for (MethodRecord r : methods) {
        if (r.methodId == methodId && r.interfaceId == interfaceId) {
          return r;
        }
      }
      MethodRecord[] more = java.util.Arrays.copyOf(methods, methods.length + 1);
      MethodRecord r = new MethodRecord(interfaceId, methodId);
      more[methods.length] = r;
      methods = more;
      return r;
    }
  }

  /**
   * What one method of this object has shown: a method starts on the delivering thread once a call
   * of it, run on a virtual thread of its own, ended within {@link #QUICK_RUN_NANOS}, and never
   * again once {@link #STRIKES} calls in a row so started kept that thread for more than {@link
   * #LOOP_BUDGET_NANOS}.
   */
  private final class MethodRecord {
    static final int LEARNING = 0;
    static final int STARTS_HERE = 1;
    static final int SLOW = 2;

    final long interfaceId;
    final short methodId;
    volatile int state = LEARNING;

    /** Calls in a row that kept the delivering thread beyond the budget. */
    volatile int strikes;

    MethodRecord(long interfaceId, short methodId) {
      this.interfaceId = interfaceId;
      this.methodId = methodId;
    }

    synchronized void ranOnItsOwn(long nanos) {
      if (state == LEARNING && nanos <= QUICK_RUN_NANOS) {
        state = STARTS_HERE;
      }
    }

    void heldTooLong(long nanos) {
      synchronized (this) {
        if (state == SLOW || ++strikes < STRIKES) {
          return;
        }
        state = SLOW;
      }
      LOG.info(
          "method {} of interface 0x{} on {} kept the thread that delivered its call for {} ms;"
              + " its calls run on their own threads from now on",
          methodId,
          Long.toHexString(interfaceId),
          Server.this.getClass().getName(),
          nanos / 1_000_000);
    }
  }

  /**
   * A queued call; {@code origin} is the event loop that delivered it, where it may start when its
   * method has earned that (else null).
   */
  private record Queued(Runnable task, MethodRecord record, Executor origin) {
    boolean startsOnALoop() {
      return origin != null && record.state == MethodRecord.STARTS_HERE;
    }
  }

  /** The event loop this thread is, or null. */
  private static Executor deliveringLoop() {
    return InlineThreads.canStartHere()
        ? io.netty.util.internal.ThreadExecutorMap.currentExecutor()
        : null;
  }

  /**
   * Runs queued calls in order on this (executor) thread; when the next one may start on the event
   * loop that delivered it, hands the rest of the queue to that loop ({@link #drainOnLoop}) rather
   * than keeping every later call off the loop (a caller's next call tends to arrive while the
   * drain that answered its last one is still ending).
   */
  private void drain(boolean mayHandBack) {
    while (true) {
      Queued next;
      boolean handBack;
      synchronized (lock) {
        next = mailbox.peek();
        if (next == null) {
          running = false;
          return;
        }
        handBack = mayHandBack && next.startsOnALoop();
        if (!handBack) {
          mailbox.poll();
        }
      }
      if (handBack) {
        try {
          next.origin.execute(this::drainOnLoop);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          drain(false); // the loop has ended: on here
        }
        return;
      }
      next.task.run();
    }
  }

  /**
   * On an event loop: starts queued calls here, in order, while their methods have earned it and
   * none blocks; a call that blocks drains the queue after itself, where it continues.
   */
  private void drainOnLoop() {
    while (true) {
      Queued next;
      synchronized (lock) {
        next = mailbox.peek();
        if (next == null) {
          running = false;
          return;
        }
        if (!next.startsOnALoop() || !InlineThreads.canStartHere()) {
          break;
        }
        mailbox.poll();
      }
      java.util.concurrent.atomic.AtomicBoolean passed =
          new java.util.concurrent.atomic.AtomicBoolean();
      startHere(
          next.record,
          () -> {
            try {
              next.task.run();
            } finally {
              if (!passed.compareAndSet(false, true)) {
                runEnded(); // the loop went on without it
              }
            }
          });
      if (passed.compareAndSet(false, true)) {
        return; // it blocked: the queue is its to drain when it ends
      }
    }
    executor.execute(() -> drain(false));
  }
}
