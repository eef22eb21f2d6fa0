package corral.runtime.rpc;

import org.capnproto.AnyPointer;
import org.capnproto.FromPointerBuilder;
import org.capnproto.FromPointerReader;

/**
 * One incoming call as its server method sees it. Confined to the thread running the method;
 * parameters are valid until the method returns (copy what must outlive it; take capabilities with
 * their own references).
 */
public final class CallContext {
  private final Payload params;
  private Payload.OutgoingMessage results;
  private AnyPointer.Builder resultContent;
  private volatile boolean canceled;

  CallContext(Payload params) {
    this.params = params;
  }

  /** The parameters' content pointer. */
  public AnyPointer.Reader params() {
    return params.content();
  }

  /** The parameters as struct type {@code factory}. */
  public <R> R params(FromPointerReader<R> factory) {
    return params.content().getAs(factory);
  }

  /** The results' content pointer, created on first use. */
  public AnyPointer.Builder results() {
    if (results == null) {
      results = new Payload.OutgoingMessage();
      resultContent = results.root.initReturn().initResults().getContent();
    }
    return resultContent;
  }

  /** Initialises the results as struct type {@code factory} and returns its builder. */
  public <B> B initResults(FromPointerBuilder<B> factory) {
    return results().initAs(factory);
  }

  /** Whether the caller has canceled the call (sent Finish); the method may stop early. */
  public boolean isCanceled() {
    return canceled;
  }

  void cancel() {
    canceled = true;
  }

  Payload paramsPayload() {
    return params;
  }

  /** The results built, or an empty struct payload when the method wrote none. */
  Payload takeResults() {
    if (results == null) {
      results();
    }
    return Payload.built(results, resultContent);
  }
}
