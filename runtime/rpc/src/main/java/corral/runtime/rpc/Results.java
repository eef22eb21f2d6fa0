package corral.runtime.rpc;

/**
 * The results of a call, typed: {@link #get()} is the generated reader of the results struct (or of
 * a struct inside it, for a {@link Pipeline} on a field).
 *
 * <p>Ownership: the {@code Results} of a call's own promise owns the response and its capability
 * references until {@link #close()}; the {@code Results} of a pipeline on a field is a view of the
 * same response, valid while the call's {@code Results} is open, and its {@code close()} does
 * nothing. Capabilities taken out of the reader ({@code getFoo()}) have references of their own.
 *
 * @param <R> the reader type
 */
public final class Results<R> implements AutoCloseable {
  private final Response response;
  private final R reader;
  private final boolean owner;

  Results(Response response, R reader, boolean owner) {
    this.response = response;
    this.reader = reader;
    this.owner = owner;
  }

  /** The results struct's reader. */
  public R get() {
    return reader;
  }

  /** The untyped response these results read. */
  public Response response() {
    return response;
  }

  @Override
  public void close() {
    if (owner) {
      response.close();
    }
  }
}
