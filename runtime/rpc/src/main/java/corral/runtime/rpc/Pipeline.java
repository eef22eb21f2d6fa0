package corral.runtime.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.capnproto.FromPointerReader;

/**
 * The typed results of a call to come: a future of their reader, and a pipeline on them. Typed
 * client stubs return a generated subclass ({@code FooResults.Pipeline}) whose getters name the
 * capabilities and structs inside the results before they arrive:
 *
 * <pre>
 *   try (var adder = service.getAdder()) {          GetAdderResults.Pipeline: sends getAdder, does not wait
 *     adder.getAdder().add(p -&gt; p.setA(1)).join();  Adder.Client for pointer field 0, owned by the
 *   }                                                pipeline; add is sent now (promise pipelining)
 * </pre>
 *
 * <p><b>Ownership.</b> A pipeline owns the response once it arrives and every capability it hands
 * out: those of its getters and {@link #pipelinedCap}, and those read from the results' reader
 * ({@code join().getFoo()}). {@link #close()} releases all of them (a response still to come is
 * released when it arrives); keep a capability beyond it with {@link Client#duplicate()}. The
 * reader is valid until the pipeline is closed. Closing does not cancel the call: {@link #cancel()}
 * does. A pipeline on a struct field ({@code results.getInfo()}, a view) belongs to the call's
 * pipeline: it shares its ownership (and keeps it reachable), and its own {@code close()} closes
 * the whole call's pipeline. A call's pipeline dropped without {@code close()} releases its
 * response once the garbage collector finds it unreachable (the capabilities it handed out keep
 * their own references): a safety net, not a way to manage references.
 *
 * <p>Dependent actions run in the thread that completes the future, never on an event loop (see
 * {@link RpcFuture}).
 *
 * @param <R> the reader type of the struct at this pipeline's path
 */
public class Pipeline<R> extends RpcFuture<R> implements AutoCloseable {
  private final RemotePromise call;
  private final short[] path;
  private final Holdings holdings;

  /** The call's own pipeline, for a view (kept reachable while the view is); null for that one. */
  private final Pipeline<?> root;

  /** The pipeline on a call's results struct; it owns the response. */
  // The callback registered here may complete this future (on another thread, or at once when the
  // call is already answered) before a subclass constructor has run. It uses only this class's
  // final fields, assigned before it; generated subclasses add no state, only getters.
  @SuppressWarnings("this-escape")
  public Pipeline(RemotePromise call, FromPointerReader<R> factory) {
    super(new java.util.concurrent.CompletableFuture<>());
    this.call = call;
    this.path = new short[0];
    this.root = null;
    this.holdings = new Holdings();
    // Safety net: a pipeline dropped unclosed (a chain such as svc.getAdder().getAdder().add(..))
    // still releases its response once unreachable; the clients it handed out have their own.
    Client.CLEANER.register(this, holdings::releaseUnreachable);
    call.future.whenComplete(
        (response, error) -> {
          if (error != null) {
            future.completeExceptionally(RpcException.from(error));
            return;
          }
          if (!holdings.take(response)) {
            response.close();
            future.completeExceptionally(RpcException.failed("pipeline closed before its results"));
            return;
          }
          try {
            future.complete(response.results(factory));
          } catch (RuntimeException e) {
            future.completeExceptionally(
                RpcException.failed("results do not read as expected: " + e));
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
    super(new java.util.concurrent.CompletableFuture<>());
    this.call = parent.call;
    this.holdings = parent.holdings;
    this.root = parent.root == null ? parent : parent.root;
    if (pointerIndex < 0) {
      this.path = parent.path;
    } else {
      this.path = Arrays.copyOf(parent.path, parent.path.length + 1);
      this.path[parent.path.length] = (short) pointerIndex;
    }
    parent.future.whenComplete(
        (ignored, error) -> {
          if (error != null) {
            future.completeExceptionally(RpcException.from(error));
            return;
          }
          Response response = call.future.join();
          try {
            future.complete(Payload.pointerAt(response.results(), path).getAs(factory));
          } catch (RuntimeException e) {
            future.completeExceptionally(
                RpcException.failed(
                    "results field at " + Arrays.toString(path) + " does not read: " + e));
          }
        });
  }

  /**
   * The capability in pointer field {@code pointerIndex} of this pipeline's struct, usable before
   * the results arrive: calls on it are pipelined. Owned by this pipeline (see the class comment).
   */
  public Client pipelinedCap(int pointerIndex) {
    return pipelinedCap(pointerIndex, c -> c);
  }

  /**
   * The capability in pointer field {@code pointerIndex} as a typed client ({@code
   * Foo.Client::new}), owned by this pipeline; for generated getters.
   */
  protected final <C extends Client> C pipelinedCap(
      int pointerIndex, Function<? super Client, C> typed) {
    int[] full = new int[path.length + 1];
    for (int i = 0; i < path.length; i++) {
      full[i] = path[i];
    }
    full[path.length] = pointerIndex;
    return holdings.own(typed.apply(call.pipelinedCap(full)));
  }

  /**
   * Waits for the results and returns this pipeline's struct untyped, for reflection (dynamic
   * calls, printing): owned by this pipeline like the typed reader, valid until it is closed.
   *
   * @throws RpcException the call's failure
   */
  public org.capnproto.AnyPointer.Reader untyped() {
    join();
    return Payload.pointerAt(call.future.join().results(), path);
  }

  /** Takes the answer from the event loop in this thread (see {@link RemotePromise}). */
  @Override
  void beforeWait() {
    call.beforeWait();
  }

  @Override
  void beforeTimedWait(long nanos) throws InterruptedException {
    call.beforeTimedWait(nanos);
  }

  /**
   * Cancels the call (sends {@code Finish} to the callee) if it is not answered yet; this pipeline
   * and its views then fail as {@code failed: call canceled}.
   *
   * @return whether this canceled it
   */
  public boolean cancel() {
    return call.cancel();
  }

  /**
   * Releases the response and every capability this pipeline (or one of its views) handed out,
   * except those duplicated. Idempotent; a getter called after it fails.
   */
  @Override
  public void close() {
    holdings.close();
  }

  /** What a call's pipeline owns; shared with its views. Thread-safe. */
  private static final class Holdings {
    private final List<Client> clients = new ArrayList<>();
    private Response response;
    private boolean closed;

    synchronized <C extends Client> C own(C client) {
      if (closed) {
        client.close();
        throw new IllegalStateException("pipeline already closed");
      }
      clients.add(client);
      return client;
    }

    /** Takes the arrived response; false if already closed (the caller releases it). */
    synchronized boolean take(Response arrived) {
      if (closed) {
        return false;
      }
      response = arrived;
      return true;
    }

    synchronized void releaseUnreachable() {
      if (!closed && response != null) {
        response.releaseUnreachable();
      }
      closed = true;
    }

    void close() {
      List<Client> drop;
      Response r;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        drop = new ArrayList<>(clients);
        clients.clear();
        r = response;
        response = null;
      }
      drop.forEach(Client::close);
      if (r != null) {
        r.close();
      }
    }
  }
}
