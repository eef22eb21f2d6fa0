package corral.runtime.cap;

/** A revocation, as announced to {@link Revocation.Listener}s such as a host's {@link GateSet}. */
public sealed interface Revocation {

  /** The instance whose capabilities are affected. */
  long instanceId();

  /** One capability and every capability derived from it. */
  record OfCap(long instanceId, CapId capId) implements Revocation {}

  /** Every capability of an instance (its secret was rotated, or the instance destroyed). */
  record OfInstance(long instanceId) implements Revocation {}

  /**
   * Told of each revocation after it is persisted, on the thread that revoked. Must not block; an
   * exception it throws is logged and does not undo the revocation.
   */
  @FunctionalInterface
  interface Listener {
    void revoked(Revocation revocation);
  }
}
