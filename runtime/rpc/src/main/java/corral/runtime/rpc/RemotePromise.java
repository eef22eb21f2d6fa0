package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The answer to an untyped call, to come: a future of the {@link Response} (the caller closes it),
 * and the capabilities in the results before they arrive ({@link #pipelinedCap}), for promise
 * pipelining. Typed stubs return a {@link Pipeline} on it instead.
 *
 * <p>{@link #cancel} sends {@code Finish} to the callee (which may stop the call) and fails this
 * future as {@code failed: call canceled}.
 *
 * <p><b>How the answer gets here.</b> The pending call's own future completes on the connection's
 * event loop, where nothing of the caller's may run. It is handed over ("transferred") to this
 * future exactly once: by a thread blocked in {@code join}/{@code get}, which waits on the pending
 * call directly and so is woken by the loop itself; or, when nobody is blocked at that moment, on
 * the call's executor (the vat's, or the local server's). The first saves the loop → executor →
 * joiner hand-off of a blocking call (one wake instead of two).
 */
public final class RemotePromise extends RpcFuture<Response> {
  private final PendingCall call;
  private final AtomicBoolean transferred = new AtomicBoolean();

  /** Runs in the thread that claimed the transfer, before it completes this future (tests). */
  private final Runnable afterTransferClaimed;

  /** Threads blocked waiting on {@code call.result()}; each transfers when it wakes. */
  private final AtomicInteger joiners = new AtomicInteger();

  /** Completes when the pending call is done or this future is canceled: wakes the joiners. */
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  RemotePromise(PendingCall call) {
    this(call, () -> {});
  }

  RemotePromise(PendingCall call, Runnable afterTransferClaimed) {
    super(new CompletableFuture<>());
    this.call = call;
    this.afterTransferClaimed = afterTransferClaimed;
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
                try {
                  call.callbacks().execute(this::transfer);
                } catch (RejectedExecutionException e) {
                  transfer(); // the vat is closing: nobody's callbacks are left to stall its loop
                }
              }
            });
  }

  /** Completes this future from the pending call's outcome, once; the call must be done. */
  private void transfer() {
    if (!transferred.compareAndSet(false, true)) {
      return;
    }
    afterTransferClaimed.run();
    CompletableFuture<Payload> r = call.result();
    if (r.isCompletedExceptionally()) {
      future.completeExceptionally(RpcException.from(r.exceptionNow()));
      return;
    }
    Payload payload = r.join();
    if (!future.complete(new Response(payload))) {
      payload.release();
    }
  }

  /**
   * Blocks the calling thread (never an event loop) until the pending call is done and transfers
   * its outcome here; returns at once if this future is already done.
   */
  @Override
  void beforeWait() {
    if (future.isDone()) {
      return;
    }
    joiners.incrementAndGet();
    try {
      settled.join();
    } finally {
      leave();
    }
  }

  @Override
  void beforeTimedWait(long nanos) throws InterruptedException {
    joiners.incrementAndGet();
    try {
      settled.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      // the caller's own bounded wait on this future reports the timeout
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

  /**
   * Tells the callee the results are no longer wanted ({@code Finish}) and fails this future as
   * {@code failed: call canceled}, unless it is done already.
   *
   * @return whether this call canceled it
   */
  public boolean cancel() {
    boolean canceled = future.completeExceptionally(RpcException.failed("call canceled"));
    settled.complete(null);
    if (canceled) {
      call.cancel();
    }
    return canceled;
  }
}
