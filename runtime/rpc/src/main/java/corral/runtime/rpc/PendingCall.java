package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A call that was started: its result to come, and capabilities pipelined on that result. */
interface PendingCall {
  /** Completes with the results (owned by the pending call), or an {@link RpcException}. */
  CompletableFuture<Payload> result();

  /**
   * A new reference to the capability at pointer path {@code ops} of the results, usable before
   * they arrive: calls on it are pipelined.
   */
  ClientHook pipelinedCap(short[] ops);

  /**
   * Where the caller's side of the answer is handed over when {@link #result()} completes on a
   * thread that must not run the caller's code (an event loop): the vat's executor for a call on a
   * peer, the server's for a local call.
   */
  Executor callbacks();

  /** Tells the callee the caller no longer wants the results (Finish before Return). */
  void cancel();
}
