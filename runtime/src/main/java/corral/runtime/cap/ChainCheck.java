package corral.runtime.cap;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one verification of a presented capability, shared by the {@link CapabilityAuthority} and a
 * host's {@link HostKeyring} so both apply the same MAC chain, constant-time comparison and single
 * refusal.
 *
 * <p>The whole chain is always computed — under a decoy secret when the instance is unknown — every
 * prefix's id is checked against the revoked ids, the MAC is compared with {@link
 * MessageDigest#isEqual}, and all results are combined without short-circuiting, so every kind of
 * bad capability costs the same work as a good one.
 */
final class ChainCheck {
  private ChainCheck() {}

  /**
   * The outcome of a check.
   *
   * @param restoration the rights, or {@link Restoration.Refused#REFUSED}
   * @param reason why it was refused, for the audit log only; {@code null} when restored
   */
  record Outcome(Restoration restoration, String reason) {}

  /**
   * Checks {@code cap}.
   *
   * @param secret the instance's secret, or {@code null} if the instance is not known here
   * @param decoy a random secret used in place of an unknown instance's, for the same work
   * @param revokedIds the revoked cap ids of the instance
   * @param now the instant expiry is judged at
   */
  /**
   * The shared front of every verifier's {@code restore(String)}: a malformed text form is audited
   * and refused like any other bad cap; a parsed one goes to {@code restore}.
   */
  static Restoration restoreText(
      String text, AuditTrail audit, Function<Capability, Restoration> restore) {
    return switch (CapabilityText.parse(text)) {
      case CapabilityText.Parsed p -> restore.apply(p.capability());
      case CapabilityText.Malformed m -> {
        audit.refused(Optional.empty(), Optional.empty(), "malformed");
        yield Restoration.Refused.REFUSED;
      }
    };
  }

  /** Audits a refusal (with its reason, for the owner-only audit file only) and returns it. */
  static Restoration audited(Outcome o, Capability cap, AuditTrail audit) {
    if (!(o.restoration() instanceof Restoration.Restored)) {
      audit.refused(Optional.of(cap.instanceId()), Optional.of(cap.id()), o.reason());
    }
    return o.restoration();
  }

  static Outcome check(
      Capability cap, byte[] secret, byte[] decoy, Set<CapId> revokedIds, Instant now) {
    long instanceId = cap.instanceId();
    boolean known = secret != null;
    byte[] key = known ? secret : decoy;
    List<CapId> lineage = new ArrayList<>(cap.caveats().size() + 1);
    byte[] chain =
        ChainMac.mac(key, CapabilityCodec.rootInput(instanceId, cap.nonce(), cap.grants()));
    CapId id = CapId.ofChain(chain);
    boolean revoked = revokedIds.contains(id);
    lineage.add(id);
    for (Caveat c : cap.caveats()) {
      chain = ChainMac.mac(chain, CapabilityCodec.caveatInput(c));
      id = CapId.ofChain(chain);
      revoked |= revokedIds.contains(id);
      lineage.add(id);
    }
    boolean macOk = MessageDigest.isEqual(chain, cap.macBytes());
    Rights rights = cap.rights();
    boolean expired = rights.expiredAt(now);
    boolean empty = rights.isEmpty();
    if (known & macOk & !revoked & !expired & !empty) {
      return new Outcome(new Restoration.Restored(instanceId, id, lineage, rights), null);
    }
    String reason =
        !known
            ? "unknown instance"
            : !macOk ? "bad MAC" : revoked ? "revoked" : expired ? "expired" : "grants nothing";
    return new Outcome(Restoration.Refused.REFUSED, reason);
  }
}
