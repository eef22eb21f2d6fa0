package corral.runtime.rpc;

import java.lang.ref.Cleaner;
import org.capnproto.AnyPointer;

/**
 * A reference to a capability: a local {@link Server}, an object across a connection, or a promise
 * of either. Generated clients ({@code Foo.Client}) extend this class.
 *
 * <p>Each {@code Client} object owns one reference; {@link #close()} drops it, and when the last
 * reference to a remote object is dropped the peer gets a {@code Release} at once. A cleaner
 * releases a client that became unreachable without {@code close()}, as a safety net only.
 * Thread-safe; calls made through one client from one thread arrive in the order made (E-order).
 */
public class Client implements AutoCloseable {
  /** Releases what became unreachable unclosed (clients, pipelines): a safety net only. */
  static final Cleaner CLEANER = Cleaner.create();

  private final ClientHook hook;
  private final Cleaner.Cleanable cleanable;

  // The cleaner keeps only a phantom reference to this (it runs Releaser, which holds the hook, not
  // the client), so registering a half-built subclass exposes nothing.
  @SuppressWarnings("this-escape")
  Client(ClientHook hook) {
    this.hook = hook;
    this.cleanable = CLEANER.register(this, new Releaser(hook));
  }

  /** Takes over {@code other}'s reference (for generated typed clients); {@code other} is spent. */
  @SuppressWarnings("this-escape") // see Client(ClientHook)
  protected Client(Client other) {
    this(other.takeHook());
  }

  private ClientHook takeHook() {
    ClientHook h = hook.addRef();
    close();
    return h;
  }

  /** A new reference to a local server object. */
  public static Client of(Server server) {
    return new Client(server.hook());
  }

  /**
   * A promise of a capability: calls made before {@code future} completes wait, in order, and go to
   * its capability once it does (a failed future breaks the promise with its exception). The
   * promise takes over the client the future completes with. Passed to a peer, it travels as a
   * {@code senderPromise} and is resolved with {@code Resolve}.
   */
  public static Client promise(java.util.concurrent.CompletionStage<? extends Client> future) {
    QueuedClient queue = new QueuedClient();
    future.whenComplete(
        (client, error) -> {
          if (error != null) {
            queue.resolve(new BrokenClient(RpcException.from(error)));
          } else if (client == null) {
            queue.resolve(BrokenClient.NULL.addRef());
          } else {
            queue.resolve(client.hook().addRef());
            client.close();
          }
        });
    return new Client(queue);
  }

  /**
   * A capability that obtains its target from {@code source} (which may block: a restore from a
   * sturdy cap, say) at its first call, and again whenever the target is lost ({@code
   * disconnected}): a host restarted, the object moved. What is sent again to the new target, with
   * back-off, for up to {@code patience} after the call was made:
   *
   * <ul>
   *   <li>a call refused before it ran ({@link RpcException#wasNotDelivered()}: the receiver was
   *       being replaced or stopped), and a call made while {@code source} failed {@code
   *       disconnected} (it was never sent);
   *   <li>a call whose connection was lost while it was outstanding, only when {@code idempotence}
   *       says the method may run twice (from the schema's {@code $Corral.idempotent}).
   * </ul>
   *
   * Any other failure reaches the caller as it came, and the next call obtains a new target if the
   * old one was lost. A failure of {@code source} other than {@code disconnected} (a cap refused)
   * fails the calls that waited for it. Retried calls may arrive after calls made later.
   */
  public static Client restoring(
      java.util.function.Supplier<? extends Client> source,
      Idempotence idempotence,
      java.time.Duration patience) {
    return new Client(new RestoringClient(source, idempotence, patience.toNanos()));
  }

  /** A capability whose calls all fail with {@code reason}. */
  public static Client broken(RpcException reason) {
    return new Client(new BrokenClient(reason));
  }

  /** Another reference to the same capability, to be closed separately. */
  public Client duplicate() {
    return new Client(hook.addRef());
  }

  ClientHook hook() {
    return hook;
  }

  /** Starts building a call of method {@code methodId} of interface {@code interfaceId}. */
  public Request newCall(long interfaceId, int methodId) {
    return new Request(hook, interfaceId, (short) methodId);
  }

  /**
   * Completes when this capability is no longer a promise (it may resolve to a broken one); for
   * tests and for callers that want to know the settled target. A stage only the capability
   * completes.
   */
  public java.util.concurrent.CompletionStage<Void> whenResolved() {
    java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
    whenResolved(hook, f);
    return f.minimalCompletionStage();
  }

  private static void whenResolved(ClientHook h, java.util.concurrent.CompletableFuture<Void> f) {
    h.whenResolved(
        () -> {
          ClientHook next = h.resolved();
          if (next != h && next.isPromise()) {
            whenResolved(next, f);
          } else {
            f.complete(null);
          }
        });
  }

  /** Writes this capability into {@code pointer} of a message built for RPC. */
  public void writeTo(AnyPointer.Builder pointer) {
    CapabilityPointers.write(pointer, this);
  }

  @Override
  public void close() {
    cleanable.clean();
  }

  private record Releaser(ClientHook hook) implements Runnable {
    @Override
    public void run() {
      hook.release();
    }
  }
}
