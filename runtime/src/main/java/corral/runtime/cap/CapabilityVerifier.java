package corral.runtime.cap;

/**
 * What checks a presented capability: the {@link CapabilityAuthority} in the kernel, or a host's
 * view of the secrets and revocations of the instances it serves. Thread-safe.
 */
public interface CapabilityVerifier {

  /**
   * The rights of a genuine, current, unrevoked capability, else {@link Restoration.Refused} — for
   * every kind of bad capability alike, after the same work (a text that does not parse is refused
   * before the MAC is computed).
   */
  Restoration restore(String text);
}
