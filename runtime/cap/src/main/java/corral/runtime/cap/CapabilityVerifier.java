package corral.runtime.cap;

import corral.runtime.cap.authority.CapabilityAuthority;

/**
 * What checks a presented capability: the {@link CapabilityAuthority} in the kernel, or a host's
 * view of the secrets and revocations of the instances it serves. Thread-safe.
 *
 * <p>A verifier that announces revocations to {@link Revocation.Listener}s (such as a {@link
 * GateSet}) must publish the state that refuses the revoked caps <em>before</em> it announces the
 * revocation: {@link GateSet#add(Gate, long)} relies on it to catch a restore checked just before a
 * revocation whose gate reaches the set just after.
 */
public interface CapabilityVerifier {

  /**
   * The rights of a genuine, current, unrevoked capability, else {@link Restoration.Refused} — for
   * every kind of bad capability alike, after the same work (a text that does not parse is refused
   * before the MAC is computed).
   */
  Restoration restore(String text);
}
