package corral.runtime.rpc;

import org.capnproto.AnyPointer;
import org.capnproto.FromPointerBuilder;

/**
 * A call being built: fill in {@link #params()}, then {@link #send()} once. The parameters are
 * built directly in the RPC message that will be sent, so sending copies nothing. Confined to the
 * thread building it.
 */
public final class Request {
  private final ClientHook target;
  private final long interfaceId;
  private final short methodId;
  private Payload.OutgoingMessage message = new Payload.OutgoingMessage();
  private final AnyPointer.Builder content;

  Request(ClientHook target, long interfaceId, short methodId) {
    this.target = target;
    this.interfaceId = interfaceId;
    this.methodId = methodId;
    this.content = message.root.initCall().initParams().getContent();
  }

  /** The parameters' content pointer. */
  public AnyPointer.Builder params() {
    return content;
  }

  /** Initialises the parameters as struct type {@code factory} and returns its builder. */
  public <B> B initParams(FromPointerBuilder<B> factory) {
    return content.initAs(factory);
  }

  /**
   * Sends the call. The result's future completes in a thread waiting for it or on the call's
   * executor, never on an event loop (see {@link RemotePromise}).
   *
   * @throws IllegalStateException if already sent
   */
  public RemotePromise send() {
    if (message == null) {
      throw new IllegalStateException("request already sent");
    }
    Payload params = Payload.built(message, content);
    message = null;
    return new RemotePromise(target.call(new CallRequest(interfaceId, methodId, params)));
  }
}
