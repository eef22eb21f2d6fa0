package corral.runtime.rpc;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.capnproto.AnyPointer;
import org.capnproto.FromPointerReader;

/**
 * The typed results of a call to come: a future of {@link Results}, and a pipeline on them. Typed
 * client stubs return a generated subclass ({@code FooResults.Pipeline}) whose getters name the
 * capabilities and structs inside the results before they arrive:
 *
 * <pre>
 *   service.getAdder().getAdder().add(p -&gt; p.setA(1))
 *      │          │         │
 *      │          │         └ a call on the capability to come, sent now (promise pipelining)
 *      │          └ Adder.Client for pointer field 0 of the results: pipelinedCap(0)
 *      └ GetAdderResults.Pipeline: sends getAdder, does not wait
 * </pre>
 *
 * <p>A pipeline on a struct field ({@code results.getInfo()}, a view) shares the call: its future
 * completes with a view of the struct in the call's results (see {@link Results} for ownership),
 * and {@link #cancel} on a view does nothing to the call.
 *
 * <p>Dependent actions run on virtual threads, never on an event loop. Whoever joins the call's own
 * promise closes the {@link Results}; if nobody does, capabilities in the results stay referenced
 * until the garbage collector finds them.
 *
 * @param <R> the reader type of the struct at this pipeline's path
 */
public class Pipeline<R> extends CompletableFuture<Results<R>> {
  private final RemotePromise call;
  private final short[] path;
  private final boolean root;

  /** The pipeline on a call's results struct; its {@code Results} own the response. */
  // The callback registered here may complete this future (on another thread, or at once when the
  // call is already answered) before a subclass constructor has run. It uses only this class's
  // final fields, assigned before it; generated subclasses add no state, only getters.
  @SuppressWarnings("this-escape")
  public Pipeline(RemotePromise call, FromPointerReader<R> factory) {
    this.call = call;
    this.path = new short[0];
    this.root = true;
    call.whenComplete(
        (response, error) -> {
          if (error != null) {
            completeExceptionally(RpcException.from(error));
            return;
          }
          R reader;
          try {
            reader = response.results(factory);
          } catch (RuntimeException e) {
            response.close();
            completeExceptionally(RpcException.failed("results do not read as expected: " + e));
            return;
          }
          if (!complete(new Results<>(response, reader, true))) {
            response.close();
          }
        });
  }

  /**
   * The pipeline on the struct in pointer field {@code pointerIndex} of {@code parent}'s struct (a
   * view), or, with {@code pointerIndex} negative, on the same struct read as another type (a
   * group).
   */
  @SuppressWarnings("this-escape") // see Pipeline(RemotePromise, FromPointerReader)
  public Pipeline(Pipeline<?> parent, int pointerIndex, FromPointerReader<R> factory) {
    this.call = parent.call;
    this.root = false;
    if (pointerIndex < 0) {
      this.path = parent.path;
    } else {
      this.path = Arrays.copyOf(parent.path, parent.path.length + 1);
      this.path[parent.path.length] = (short) pointerIndex;
    }
    call.whenComplete(
        (response, error) -> {
          if (error != null) {
            completeExceptionally(RpcException.from(error));
            return;
          }
          try {
            complete(new Results<>(response, at(response.results()).getAs(factory), false));
          } catch (RuntimeException e) {
            completeExceptionally(
                RpcException.failed(
                    "results field at " + Arrays.toString(path) + " does not read: " + e));
          }
        });
  }

  private AnyPointer.Reader at(AnyPointer.Reader content) {
    AnyPointer.Reader p = content;
    for (short op : path) {
      Payload.RawStruct s = p.getAs(Payload.RawStruct.FACTORY);
      p = s.pointer(op);
      if (p == null) {
        throw new IllegalStateException("pointer field " + op + " is beyond the struct");
      }
    }
    return p;
  }

  /**
   * The capability in pointer field {@code pointerIndex} of this pipeline's struct, usable before
   * the results arrive: calls on it are pipelined. The caller closes it. Generated getters wrap it
   * in a typed client.
   */
  public Client pipelinedCap(int pointerIndex) {
    int[] full = new int[path.length + 1];
    for (int i = 0; i < path.length; i++) {
      full[i] = path[i];
    }
    full[path.length] = pointerIndex;
    return call.pipelinedCap(full);
  }

  /** The untyped promise of the call. */
  public RemotePromise call() {
    return call;
  }

  /**
   * Waits for the results. On the call's own pipeline the waiting thread takes the answer from the
   * event loop itself (see {@link RemotePromise}), one thread wake instead of two.
   */
  @Override
  public Results<R> join() {
    if (root) {
      call.awaitDirect();
    }
    return super.join();
  }

  /**
   * Waits at most {@code timeout} for the results; on the call's own pipeline the waiting thread
   * takes the answer from the event loop itself, as {@link #join()} does.
   */
  @Override
  public Results<R> get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (root && !isDone()) {
      try {
        call.get(timeout, unit); // once answered, completes this pipeline (here, or just after)
      } catch (ExecutionException | CancellationException e) {
        // the failure completes this pipeline too; reported by super.get below
      }
    }
    return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /**
   * Cancels the call (sends {@code Finish} to the callee) when this is the call's own pipeline; a
   * view is only marked canceled.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean canceled = super.cancel(mayInterruptIfRunning);
    if (canceled && root) {
      call.cancel(mayInterruptIfRunning);
    }
    return canceled;
  }
}
