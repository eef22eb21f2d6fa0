package corral.runtime.rpc;

import java.util.Optional;

/**
 * Decides, before a call is delivered, whether it may go on: the hook by which a {@link Membrane}
 * lets a capability's gate check every call without the engine knowing about capabilities.
 *
 * <p>Runs on the thread making the call, which for a call from a peer is the connection's event
 * loop: it must be quick, must not block, and must not throw.
 */
@FunctionalInterface
public interface CallFilter {

  /**
   * Empty to let the call of method {@code methodId} of interface {@code interfaceId} through, or
   * the exception it fails with instead (it then never reaches the target).
   */
  Optional<RpcException> check(long interfaceId, short methodId);

  /**
   * Called once for each call {@link #check} let through, when its target has answered it
   * (returned, failed or canceled), on whichever thread that happened. Quick, never throws; does
   * nothing by default.
   */
  default void answered(long interfaceId, short methodId) {}

  /**
   * Whether {@link #answered} does anything: when false (the default) the membrane does not watch
   * for answers, which costs a callback per call.
   */
  default boolean countsAnswers() {
    return false;
  }
}
