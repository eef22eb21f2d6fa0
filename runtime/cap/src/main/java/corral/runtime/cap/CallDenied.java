package corral.runtime.cap;

import java.util.Optional;

/**
 * Why a gate refused a call. The RPC dispatcher returns it to the caller as a {@code failed}
 * exception with {@link #message()}; the driver never sees the call.
 */
public sealed interface CallDenied {

  /** What the caller is told. */
  String message();

  /**
   * The method is not among the rights of the live reference the call came through.
   *
   * @param methodName the method's name if the host's catalog knows the interface
   */
  record MethodNotGranted(
      long instanceId, long interfaceId, int method, Optional<String> methodName)
      implements CallDenied {
    @Override
    public String message() {
      return "method "
          + methodName.map(n -> n + " (@" + method + ")").orElse("@" + method)
          + " of interface "
          + Capability.hexId(interfaceId)
          + " is not granted by the capability of this reference to instance "
          + Capability.hexId(instanceId);
    }
  }

  /** The capability this live reference was restored from has been revoked. */
  record ReferenceRevoked(long instanceId) implements CallDenied {
    @Override
    public String message() {
      return "the capability of this reference to instance "
          + Capability.hexId(instanceId)
          + " has been revoked";
    }
  }

  /** The capability this live reference was restored from expired at {@code at}. */
  record ReferenceExpired(long instanceId, java.time.Instant at) implements CallDenied {
    @Override
    public String message() {
      return "the capability of this reference to instance "
          + Capability.hexId(instanceId)
          + " expired at "
          + at;
    }
  }
}
