package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;

/** Pipelined capabilities on results still to come from a local source. */
final class QueuedPipeline {
  private final CompletableFuture<Payload> results;

  QueuedPipeline(CompletableFuture<Payload> results) {
    this.results = results;
  }

  ClientHook cap(short[] ops) {
    Payload done = results.isDone() && !results.isCompletedExceptionally() ? results.join() : null;
    if (done != null) {
      return orNull(done.capAt(ops));
    }
    QueuedClient q = new QueuedClient();
    results.whenComplete(
        (p, e) ->
            q.resolve(e != null ? new BrokenClient(RpcException.from(e)) : orNull(p.capAt(ops))));
    return q;
  }

  static ClientHook orNull(ClientHook h) {
    return h != null ? h : BrokenClient.NULL.addRef();
  }
}
