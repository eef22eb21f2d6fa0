package corral.runtime.cap;

import java.util.Optional;

/**
 * Where grants, revocations and denials are recorded: instance, cap id, method — never a secret or
 * a MAC. Implementations must be thread-safe and must not throw.
 */
public interface AuditTrail {

  /** A root capability was minted. */
  void minted(long instanceId, CapId capId, Rights rights);

  /** A capability and everything derived from it were revoked. */
  void revokedCap(long instanceId, CapId capId);

  /** Every capability of an instance was revoked; {@code why} is e.g. "revoke all", "destroyed". */
  void revokedInstance(long instanceId, String why);

  /**
   * A capability was refused at restore. {@code reason} is for the operator only and is never sent
   * to the presenter.
   *
   * @param instanceId the instance the capability claims, if it could be parsed
   * @param capId the id of the presented MAC, if it could be parsed
   */
  void refused(Optional<Long> instanceId, Optional<CapId> capId, String reason);

  /** A call through a live reference was denied by its gate. */
  void deniedCall(long instanceId, CapId capId, long interfaceId, int method, String why);
}
