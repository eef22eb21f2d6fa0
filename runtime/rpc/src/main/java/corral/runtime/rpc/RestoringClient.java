package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A capability that obtains its target from a source (typically a restore from a sturdy cap) and
 * obtains it again when the target is lost; see {@link Client#restoring} for what is sent again.
 *
 * <pre>
 *   call ─▶ generation (a promise of the source's reference, obtained on a virtual thread)
 *        ─▶ fails disconnected: the generation is dropped; the next attempt obtains a new one
 *           ├─ not delivered, or the source could not be reached yet, or the method idempotent:
 *           │    sent again to the new one, with back-off, until the patience runs out
 *           └─ otherwise: the caller gets the failure (the call may have run)
 * </pre>
 *
 * Calls wait in order while a generation is being obtained (E-order holds for calls that are not
 * retried; a retried call may arrive after calls made after it). Each call keeps its parameters
 * until it is answered, so that it can be sent again; capabilities pipelined on a call's results
 * are reached once the results arrive (no promise pipelining across a restore).
 */
final class RestoringClient extends ClientHook {
  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 500;

  private final Supplier<? extends Client> source;
  private final Idempotence idempotence;
  private final long patienceNanos;
  private final Object lock = new Object();
  private Generation current;
  private boolean dead;

  /** One target obtained from the source: a promise until the source answers. */
  private static final class Generation {
    final QueuedClient hook = new QueuedClient();
    volatile RpcException sourceFailed;
  }

  RestoringClient(Supplier<? extends Client> source, Idempotence idempotence, long patienceNanos) {
    this.source = source;
    this.idempotence = idempotence;
    this.patienceNanos = patienceNanos;
  }

  /** The current generation, with a reference the caller releases; a new one if none. */
  private Generation generation() {
    Generation g;
    boolean obtain = false;
    synchronized (lock) {
      if (dead) {
        throw new IllegalStateException("capability used after its last reference was released");
      }
      if (current == null) {
        current = new Generation();
        obtain = true;
      }
      g = current;
      g.hook.addRef();
    }
    if (obtain) {
      Thread.ofVirtual().name("corral-restore").start(() -> obtain(g));
    }
    return g;
  }

  private void obtain(Generation g) {
    Client ref;
    try {
      ref = source.get();
    } catch (RuntimeException e) {
      g.sourceFailed = RpcException.from(e);
      lost(g); // the next attempt asks the source again
      g.hook.resolve(new BrokenClient(g.sourceFailed));
      return;
    }
    g.hook.resolve(ref.hook().addRef());
    ref.close();
  }

  /** Drops {@code g} if it is still the current generation. */
  private void lost(Generation g) {
    synchronized (lock) {
      if (current != g) {
        return;
      }
      current = null;
    }
    g.hook.release();
  }

  @Override
  PendingCall call(CallRequest request) {
    Attempts a = new Attempts(request, System.nanoTime() + patienceNanos);
    a.attempt();
    return a;
  }

  @Override
  void destroyed() {
    Generation g;
    synchronized (lock) {
      dead = true;
      g = current;
      current = null;
    }
    if (g != null) {
      g.hook.release();
    }
  }

  @Override
  public String toString() {
    return "RestoringClient[" + source + "]";
  }

  /** One call and its attempts. */
  private final class Attempts implements PendingCall {
    private final long interfaceId;
    private final short methodId;
    private final Payload params;
    private final long deadline;
    private final CompletableFuture<Payload> result = new CompletableFuture<>();
    private volatile PendingCall attempt;
    private volatile boolean canceled;
    private int tries;

    Attempts(CallRequest request, long deadline) {
      this.interfaceId = request.interfaceId();
      this.methodId = request.methodId();
      this.params = request.params();
      this.deadline = deadline;
    }

    void attempt() {
      Generation g;
      try {
        g = generation();
      } catch (IllegalStateException released) {
        finish(null, RpcException.failed(released.getMessage()));
        return;
      }
      PendingCall p;
      try {
        p = g.hook.call(new CallRequest(interfaceId, methodId, params.copyableShare()));
      } finally {
        g.hook.release();
      }
      attempt = p;
      p.result()
          .whenComplete(
              (r, e) -> {
                if (e == null) {
                  finish(r, null);
                } else {
                  failed(g, RpcException.from(e));
                }
              });
    }

    private void failed(Generation g, RpcException e) {
      boolean neverSent = g.sourceFailed != null;
      if (e.kind() == RpcException.Kind.DISCONNECTED) {
        lost(g);
      }
      boolean again =
          !canceled
              && System.nanoTime() < deadline
              && e.kind() == RpcException.Kind.DISCONNECTED
              && (neverSent
                  || e.wasNotDelivered()
                  || idempotence.idempotent(interfaceId, methodId));
      if (!again) {
        finish(null, e);
        return;
      }
      long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(tries++, 10));
      CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS).execute(this::attempt);
    }

    private void finish(Payload r, RpcException e) {
      params.release();
      if (e != null) {
        result.completeExceptionally(e);
      } else {
        result.complete(r);
      }
    }

    @Override
    public CompletableFuture<Payload> result() {
      return result;
    }

    @Override
    public ClientHook pipelinedCap(short[] ops) {
      QueuedClient q = new QueuedClient();
      result.whenComplete(
          (p, e) -> {
            if (e != null) {
              q.resolve(new BrokenClient(RpcException.from(e)));
            } else {
              ClientHook h = p.capAt(ops);
              q.resolve(h != null ? h : BrokenClient.NULL.addRef());
            }
          });
      return q;
    }

    @Override
    public Executor callbacks() {
      PendingCall p = attempt;
      return p != null ? p.callbacks() : Runnable::run;
    }

    @Override
    public void cancel() {
      canceled = true;
      PendingCall p = attempt;
      if (p != null) {
        p.cancel();
      }
    }
  }
}
