package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;

/** A capability whose calls all fail with one exception (a null cap, a lost connection). */
final class BrokenClient extends ClientHook {
  static final BrokenClient NULL =
      new BrokenClient(RpcException.failed("called a null capability"));

  final RpcException reason;

  BrokenClient(RpcException reason) {
    this.reason = reason;
  }

  @Override
  void destroyed() {}

  @Override
  PendingCall call(CallRequest request) {
    request.params().release();
    return failedCall(reason);
  }

  static PendingCall failedCall(RpcException reason) {
    CompletableFuture<Payload> f = CompletableFuture.failedFuture(reason);
    return new PendingCall() {
      @Override
      public CompletableFuture<Payload> result() {
        return f;
      }

      @Override
      public ClientHook pipelinedCap(short[] ops) {
        return new BrokenClient(reason);
      }

      @Override
      public java.util.concurrent.Executor callbacks() {
        return Runnable::run; // done before anyone can depend on it
      }

      @Override
      public void cancel() {}
    };
  }
}
