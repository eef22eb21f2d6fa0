package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The answer to a call, to come: a future of the {@link Response}, and the capabilities in the
 * results before they arrive ({@link #pipelinedCap}), for promise pipelining.
 *
 * <p>Dependent actions run on virtual threads or in a thread blocked in {@link #join} or {@link
 * #get}, never on an event loop. {@link #cancel} sends {@code Finish} to the callee (which may stop
 * the call) and fails this future with a {@code CancellationException}.
 *
 * <p><b>How the answer gets here.</b> The pending call's own future completes on the connection's
 * event loop, where nothing of the caller's may run. It is handed over ("transferred") to this
 * future exactly once: by a thread blocked in {@code join}/{@code get}, which waits on the pending
 * call directly and so is woken by the loop itself; or, when nobody is blocked at that moment, on a
 * new virtual thread. The first saves the loop → virtual thread → joiner hand-off of a blocking
 * call (one wake instead of two).
 *
 * <p>Final (typed stubs wrap it in a {@link Pipeline} instead of extending it), so the callback
 * registered by the constructor can never see a half-built subclass.
 */
public final class RemotePromise extends CompletableFuture<Response> {
  private static final Executor CALLBACKS = Executors.newVirtualThreadPerTaskExecutor();

  private final PendingCall call;
  private final AtomicBoolean transferred = new AtomicBoolean();

  /** Test hook: runs in the thread that claimed the transfer, before it completes this future. */
  static volatile Runnable afterTransferClaimed;

  /** Threads blocked waiting on {@code call.result()}; each transfers when it wakes. */
  private final AtomicInteger joiners = new AtomicInteger();

  /** Completes when the pending call is done or this future is canceled: wakes the joiners. */
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  RemotePromise(PendingCall call) {
    this.call = call;
    if (call.result().isDone()) {
      // Answered already (a non-blocking local server ran the call in this thread): nothing
      // depends on this future yet, so completing it here runs nobody's code.
      settled.complete(null);
      transfer();
      return;
    }
    // Runs where the pending call completes (often the event loop): decide who transfers.
    call.result()
        .whenComplete(
            (payload, error) -> {
              settled.complete(null);
              if (joiners.get() == 0 && !transferred.get()) {
                CALLBACKS.execute(this::transfer);
              }
            });
  }

  /** Completes this future from the pending call's outcome, once; the call must be done. */
  private void transfer() {
    if (!transferred.compareAndSet(false, true)) {
      return;
    }
    Runnable hook = afterTransferClaimed;
    if (hook != null) {
      hook.run();
    }
    CompletableFuture<Payload> r = call.result();
    if (r.isCompletedExceptionally()) {
      Throwable error;
      try {
        r.join();
        throw new AssertionError("completed exceptionally but joined");
      } catch (java.util.concurrent.CompletionException
          | java.util.concurrent.CancellationException e) {
        error =
            e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause()
                : e;
      }
      completeExceptionally(RpcException.from(error));
      return;
    }
    Payload payload = r.join();
    if (!complete(new Response(payload))) {
      payload.release();
    }
  }

  /**
   * Blocks the calling thread (never an event loop) until the pending call is done and transfers
   * its outcome here; returns at once if this future is already done.
   */
  void awaitDirect() {
    if (isDone()) {
      return;
    }
    joiners.incrementAndGet();
    try {
      settled.join();
    } finally {
      leave();
    }
  }

  /**
   * A joiner stops waiting. It transfers before and after leaving: the loop's callback leaves the
   * transfer to the joiners it sees, so one of them must do it once the call is done.
   */
  private void leave() {
    if (call.result().isDone()) {
      transfer();
    }
    joiners.decrementAndGet();
    if (call.result().isDone()) {
      transfer();
    }
  }

  @Override
  public Response join() {
    awaitDirect();
    return super.join();
  }

  @Override
  public Response get() throws InterruptedException, ExecutionException {
    if (!isDone()) {
      joiners.incrementAndGet();
      try {
        settled.get();
      } finally {
        leave();
      }
    }
    return super.get();
  }

  @Override
  public Response get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!isDone()) {
      joiners.incrementAndGet();
      try {
        settled.get(timeout, unit);
      } catch (TimeoutException e) {
        // fall through to this future's own bounded wait, which reports the timeout
      } finally {
        leave();
      }
    }
    // Not 0: a virtual thread may have claimed the transfer and not yet completed this future.
    return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /**
   * The capability at a pointer path of the results: {@code pipelinedCap(0, 2)} is pointer field 2
   * of the struct in pointer field 0 of the results struct. Calls on it are sent at once, to be
   * delivered when the results exist. The caller closes it.
   */
  public Client pipelinedCap(int... pointerPath) {
    short[] ops = new short[pointerPath.length];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = (short) pointerPath[i];
    }
    return new Client(call.pipelinedCap(ops));
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean canceled = super.cancel(mayInterruptIfRunning);
    settled.complete(null);
    if (canceled) {
      call.cancel();
    }
    return canceled;
  }
}
