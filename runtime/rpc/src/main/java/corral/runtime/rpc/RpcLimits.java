package corral.runtime.rpc;

import corral.runtime.rpc.transport.FrameLimits;

/**
 * What one connection accepts from its peer and allows its own side.
 *
 * @param frames segment count and size of one message
 * @param traversalWords words a reader may visit in one message (amplification guard)
 * @param nestingDepth pointer nesting depth a reader follows
 * @param maxQuestions outstanding calls this side may have on the connection; beyond it, calls fail
 *     at once with {@code overloaded} (backpressure)
 * @param maxCallsInProgress calls from the peer this side runs at once on the connection
 *     (delivered, not yet returned); a call beyond it is answered at once with {@code overloaded}
 *     and never delivered, so a flooding peer cannot make this side queue without bound
 */
public record RpcLimits(
    FrameLimits frames,
    long traversalWords,
    int nestingDepth,
    int maxQuestions,
    int maxCallsInProgress) {
  public static final RpcLimits DEFAULT =
      new RpcLimits(FrameLimits.DEFAULT, 8L * 1024 * 1024, 64, 10_000, 10_000);

  /** These limits with another {@code maxCallsInProgress}. */
  public RpcLimits withMaxCallsInProgress(int calls) {
    return new RpcLimits(frames, traversalWords, nestingDepth, maxQuestions, calls);
  }
}
