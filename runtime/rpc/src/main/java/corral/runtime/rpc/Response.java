package corral.runtime.rpc;

import java.util.concurrent.atomic.AtomicBoolean;
import org.capnproto.AnyPointer;
import org.capnproto.FromPointerReader;

/**
 * The results of a call. Owns references to the capabilities in them, and every capability read
 * from them ({@code getFoo()} on a generated reader, {@link CapabilityPointers#read}), until {@link
 * #close()}; keep one beyond that with {@link Client#duplicate()}. The readers are valid until
 * then.
 */
public final class Response implements AutoCloseable {
  private final Payload payload;
  private final AtomicBoolean closed = new AtomicBoolean();

  Response(Payload payload) {
    this.payload = payload;
    payload.caps().trackIssued();
  }

  /** The results' content pointer. */
  public AnyPointer.Reader results() {
    return payload.content();
  }

  /** The results as struct type {@code factory}. */
  public <R> R results(FromPointerReader<R> factory) {
    return payload.content().getAs(factory);
  }

  /**
   * Releases the results' capabilities but not the clients read from them, which hold references of
   * their own and may still be in use: for a pipeline nobody closed and nobody can reach.
   */
  void releaseUnreachable() {
    if (closed.compareAndSet(false, true)) {
      payload.release();
    }
  }

  /** Releases the results' capabilities and those read from them. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      payload.caps().closeIssued();
      payload.release();
    }
  }
}
