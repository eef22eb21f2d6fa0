package corral.runtime.cap;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.cap.keyring.HostKeyring;
import java.util.Set;

/**
 * What the {@link CapabilityAuthority} tells a driver host about the instances that host runs, so
 * that the host's {@link HostKeyring} verifies their capabilities as the authority would. Only a
 * host attached to an instance ({@link CapabilityAuthority#attachHost}) is told anything about it,
 * and only it ever receives that instance's secret.
 *
 * <p>In one process the keyring is attached directly; across processes the kernel's private control
 * channel of the host carries these calls. They arrive in the order the authority made the changes,
 * on the thread that made them, and must not block.
 */
public interface HostUpdates {

  /**
   * The host runs {@code secret}'s instance: its current secret and revoked cap ids. Replaces what
   * the host knew of the instance; sent first on attach (and on every resynchronisation), before
   * any event of the instance.
   */
  void serving(InstanceSecret secret, Set<CapId> revoked);

  /**
   * A capability of an instance the host runs, and every capability derived from it, is revoked.
   */
  void revoked(Revocation.OfCap revocation);

  /**
   * Every capability of an instance the host runs is revoked by rotating its secret: {@code
   * newSecret} replaces the old one (caps minted from now on verify under it; the revoked ids of
   * the instance are dropped, their caps now fail the MAC).
   */
  void rekeyed(InstanceSecret newSecret);

  /**
   * The instance was destroyed (unplugged): forget its secret; every capability of it is refused.
   */
  void destroyed(long instanceId);

  /** Ends an attachment: the host is told nothing more about the instance. Idempotent. */
  interface Attachment extends AutoCloseable {
    @Override
    void close();
  }
}
