package corral.runtime.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The answer to a call, to come: a future of the {@link Response}, and the capabilities in the
 * results before they arrive ({@link #pipelinedCap}), for promise pipelining.
 *
 * <p>Dependent actions run on virtual threads. {@link #cancel} sends {@code Finish} to the callee
 * (which may stop the call) and fails this future with a {@code CancellationException}.
 */
public class RemotePromise extends CompletableFuture<Response> {
  private static final Executor CALLBACKS = Executors.newVirtualThreadPerTaskExecutor();

  private final PendingCall call;

  RemotePromise(PendingCall call) {
    this.call = call;
    call.result()
        .whenCompleteAsync(
            (payload, error) -> {
              if (error != null) {
                completeExceptionally(RpcException.from(error));
              } else if (!complete(new Response(payload))) {
                payload.release();
              }
            },
            CALLBACKS);
  }

  /** Takes over {@code other}'s pending call (for generated typed promises). */
  protected RemotePromise(RemotePromise other) {
    this(other.call);
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
    if (canceled) {
      call.cancel();
    }
    return canceled;
  }
}
