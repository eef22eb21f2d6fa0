package corral.runtime.rpc;

import org.capnproto.AnyPointer;
import org.capnproto.FromPointerReader;

/**
 * The results of a call. Owns references to the capabilities in them until {@link #close()};
 * capabilities taken out of it ({@code getFoo()} on a generated reader) have references of their
 * own.
 */
public final class Response implements AutoCloseable {
  private final Payload payload;

  Response(Payload payload) {
    this.payload = payload;
  }

  /** The results' content pointer. */
  public AnyPointer.Reader results() {
    return payload.content();
  }

  /** The results as struct type {@code factory}. */
  public <R> R results(FromPointerReader<R> factory) {
    return payload.content().getAs(factory);
  }

  @Override
  public void close() {
    payload.release();
  }
}
