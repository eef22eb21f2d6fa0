package corral.runtime.rpc.transport;

/** A frame that breaks the stream framing or its {@link FrameLimits}; the stream is unusable. */
public final class FrameException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FrameException(String message) {
    super(message);
  }
}
