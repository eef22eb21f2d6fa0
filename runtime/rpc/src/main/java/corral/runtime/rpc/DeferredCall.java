package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;

/**
 * A call handed to a queue or an event loop, whose real {@link PendingCall} exists only once the
 * queue or loop gets to it. Results and pipelined capabilities are forwarded when it binds.
 */
final class DeferredCall implements PendingCall {
  private final CompletableFuture<PendingCall> target = new CompletableFuture<>();
  private final CompletableFuture<Payload> result = new CompletableFuture<>();

  void bind(PendingCall call) {
    target.complete(call);
    call.result()
        .whenComplete(
            (p, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
              } else {
                result.complete(p);
              }
            });
  }

  @Override
  public CompletableFuture<Payload> result() {
    return result;
  }

  @Override
  public ClientHook pipelinedCap(short[] ops) {
    PendingCall bound = target.getNow(null);
    if (bound != null) {
      return bound.pipelinedCap(ops);
    }
    QueuedClient q = new QueuedClient();
    target.thenAccept(c -> q.resolve(c.pipelinedCap(ops)));
    return q;
  }

  /** The bound call's executor: asked only once the result is done, hence bound. */
  @Override
  public java.util.concurrent.Executor callbacks() {
    return target.join().callbacks();
  }

  @Override
  public void cancel() {
    target.thenAccept(PendingCall::cancel);
  }
}
