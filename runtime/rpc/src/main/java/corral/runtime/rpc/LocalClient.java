package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;

/** A hook on a {@link Server} in this process: calls go to its mailbox. */
final class LocalClient extends ClientHook {
  final Server server;

  LocalClient(Server server) {
    this.server = server;
  }

  @Override
  void destroyed() {
    server.hookDestroyed(this);
  }

  @Override
  PendingCall call(CallRequest request) {
    LocalCall call = new LocalCall(request);
    server.enqueue(request.interfaceId(), request.methodId(), call::run);
    return call;
  }

  /** A call on a local server, from the mailbox's point of view and the caller's. */
  private final class LocalCall implements PendingCall {
    private final CallRequest request;
    private final CallContext context;
    private final CompletableFuture<Payload> result = new CompletableFuture<>();
    private final QueuedPipeline pipeline = new QueuedPipeline();
    private volatile Thread thread;

    LocalCall(CallRequest request) {
      this.request = request;
      this.context = new CallContext(request.params());
    }

    void run() {
      if (context.isCanceled()) {
        request.params().release();
        RpcException e = RpcException.failed("call canceled before it started");
        pipeline.settle(null, e);
        result.completeExceptionally(e);
        return;
      }
      // A non-blocking server may run here on an event loop: never interrupt that thread.
      boolean interruptible = !server.nonBlocking();
      if (interruptible) {
        thread = Thread.currentThread();
      }
      try {
        server.dispatch(request.interfaceId(), request.methodId(), context);
        thread = null;
        if (interruptible) {
          Thread.interrupted(); // a late cancel must not leak into the next call
        }
        Payload results = context.takeResults();
        pipeline.settle(results, null); // pipelined calls first: E-order (see QueuedPipeline)
        result.complete(results);
      } catch (Throwable t) {
        thread = null;
        if (interruptible) {
          Thread.interrupted();
        }
        RpcException e = RpcException.from(t);
        pipeline.settle(null, e);
        result.completeExceptionally(e);
      } finally {
        request.params().release();
      }
    }

    @Override
    public CompletableFuture<Payload> result() {
      return result;
    }

    @Override
    public ClientHook pipelinedCap(short[] ops) {
      return pipeline.cap(ops);
    }

    @Override
    public java.util.concurrent.Executor callbacks() {
      return server.executor();
    }

    @Override
    public void cancel() {
      context.cancel();
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }
  }
}
