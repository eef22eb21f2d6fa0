package corral.runtime.rpc;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A reference that crosses a {@link Membrane}: a guarded one checks each call with the membrane's
 * filter before handing it to its target; both kinds wrap the capabilities in the call's parameters
 * and results (see {@link Membrane} for which way). Owns one reference to its target.
 *
 * <p>It is not a promise and not a peer's object, whatever its target is, so a connection exports
 * it as an object of this vat and every call from a peer comes through {@link #call}.
 */
final class MembraneClient extends ClientHook {
  final Membrane membrane;
  final ClientHook target;
  final boolean guarded;

  MembraneClient(Membrane membrane, ClientHook target, boolean guarded) {
    this.membrane = membrane;
    this.target = target;
    this.guarded = guarded;
  }

  @Override
  void destroyed() {
    target.release();
    membrane.wrapperDestroyed();
  }

  @Override
  PendingCall call(CallRequest request) {
    if (guarded) {
      Optional<RpcException> denied =
          membrane.filter().check(request.interfaceId(), request.methodId());
      if (denied.isPresent()) {
        request.params().release();
        return BrokenClient.failedCall(denied.get());
      }
    }
    membrane.wrapAll(request.params().caps(), !guarded);
    Crossing crossing = new Crossing(target.call(request));
    CallFilter filter = membrane.filter();
    if (guarded && filter.countsAnswers()) {
      long interfaceId = request.interfaceId();
      short methodId = request.methodId();
      crossing.inner.result().whenComplete((p, e) -> filter.answered(interfaceId, methodId));
    }
    return crossing;
  }

  /** A call that went through: its results and pipelined capabilities come back wrapped. */
  private final class Crossing implements PendingCall {
    private final PendingCall inner;
    private final CompletableFuture<Payload> result;

    Crossing(PendingCall inner) {
      this.inner = inner;
      this.result =
          inner
              .result()
              .thenApply(
                  p -> {
                    membrane.wrapAll(p.caps(), guarded);
                    return p;
                  });
    }

    @Override
    public CompletableFuture<Payload> result() {
      return result;
    }

    @Override
    public ClientHook pipelinedCap(short[] ops) {
      ClientHook raw = inner.pipelinedCap(ops);
      if (raw == null) {
        return null;
      }
      ClientHook w = membrane.wrap(raw, guarded);
      raw.release();
      return w;
    }

    @Override
    public java.util.concurrent.Executor callbacks() {
      return inner.callbacks();
    }

    @Override
    public void cancel() {
      inner.cancel();
    }
  }

  @Override
  public String toString() {
    return (guarded ? "Guarded[" : "Reverse[") + target + "]";
  }
}
