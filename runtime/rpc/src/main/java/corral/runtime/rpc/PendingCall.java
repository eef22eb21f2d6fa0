package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;

/** A call that was started: its result to come, and capabilities pipelined on that result. */
interface PendingCall {
  /** Completes with the results (owned by the pending call), or an {@link RpcException}. */
  CompletableFuture<Payload> result();

  /**
   * A new reference to the capability at pointer path {@code ops} of the results, usable before
   * they arrive: calls on it are pipelined.
   */
  ClientHook pipelinedCap(short[] ops);

  /** Tells the callee the caller no longer wants the results (Finish before Return). */
  void cancel();
}
