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
 */
public record RpcLimits(
    FrameLimits frames, long traversalWords, int nestingDepth, int maxQuestions) {
  public static final RpcLimits DEFAULT =
      new RpcLimits(FrameLimits.DEFAULT, 8L * 1024 * 1024, 64, 10_000);
}
