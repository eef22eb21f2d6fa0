package corral.runtime.cap;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.cap.keyring.HostKeyring;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
public final class ChainCheck {
  private ChainCheck() {}

  /**
   * The outcome of a check.
   *
   * @param restoration the rights, or {@link Restoration.Refused#REFUSED}
   * @param reason why it was refused, for the audit log only; {@code null} when restored
   */
  public record Outcome(Restoration restoration, String reason) {}

  /**
   * The shared front of every verifier's {@code restore(String)}: a malformed text form is audited
   * and refused like any other bad cap; a parsed one goes to {@code restore}.
   */
  public static Restoration restoreText(
      String text, AuditTrail audit, Function<Capability, Restoration> restore) {
    return switch (CapabilityText.parse(text)) {
      case CapabilityText.Parsed p -> restore.apply(p.capability());
      case CapabilityText.Malformed m -> {
        audit.refused(Optional.empty(), Optional.empty(), "malformed");
        yield Restoration.Refused.REFUSED;
      }
    };
  }

  /**
   * Checks {@code cap} against what its holder keeps — the instances' {@code secrets} and their
   * {@code revoked} cap ids —, a {@code decoy} standing in for an unknown instance's secret so that
   * the time taken does not tell; audits a refusal. The authority and a host's keyring both restore
   * through this.
   */
  public static Restoration restore(
      Capability cap,
      Map<Long, byte[]> secrets,
      Map<Long, Set<CapId>> revoked,
      byte[] decoy,
      Instant now,
      AuditTrail audit) {
    long id = cap.instanceId();
    Outcome o = check(cap, secrets.get(id), decoy, revoked.getOrDefault(id, Set.of()), now);
    return audited(o, cap, audit);
  }

  /** Audits a refusal (with its reason, for the owner-only audit file only) and returns it. */
  public static Restoration audited(Outcome o, Capability cap, AuditTrail audit) {
    if (!(o.restoration() instanceof Restoration.Restored)) {
      audit.refused(Optional.of(cap.instanceId()), Optional.of(cap.id()), o.reason());
    }
    return o.restoration();
  }

  /**
   * Checks {@code cap}.
   *
   * @param secret the instance's secret, or {@code null} if the instance is not known here
   * @param decoy a random secret used in place of an unknown instance's, for the same work
   * @param revokedIds the revoked cap ids of the instance
   * @param now the instant expiry is judged at
   */
  public static Outcome check(
      Capability cap, byte[] secret, byte[] decoy, Set<CapId> revokedIds, Instant now) {
    long instanceId = cap.instanceId();
    boolean known = secret != null;
    byte[] key = known ? secret : decoy;
    List<Caveat> caveats = cap.caveats();
    CapId[] lineage = new CapId[caveats.size() + 1];
    boolean revoked;
    boolean macOk;
    ChainMac m = ChainMac.take();
    try {
      byte[] chain = m.chain;
      List<Grant> grants = cap.grants();
      byte[] in = m.input(CapabilityCodec.rootInputSize(grants));
      m.mac(key, in, CapabilityCodec.writeRootInput(in, instanceId, cap.nonce(), grants), chain);
      lineage[0] = m.id(chain);
      revoked = revokedIds.contains(lineage[0]);
      for (int i = 0; i < caveats.size(); i++) {
        Caveat c = caveats.get(i);
        in = m.input(CapabilityCodec.caveatInputSize(c));
        m.mac(chain, in, CapabilityCodec.writeCaveatInput(in, c), chain);
        lineage[i + 1] = m.id(chain);
        revoked |= revokedIds.contains(lineage[i + 1]);
      }
      macOk = cap.macEquals(chain);
    } finally {
      ChainMac.give(m);
    }
    Rights rights = cap.rights();
    boolean expired = rights.expiredAt(now);
    boolean empty = rights.isEmpty();
    if (known & macOk & !revoked & !expired & !empty) {
      CapId id = lineage[lineage.length - 1];
      return new Outcome(new Restoration.Restored(instanceId, id, List.of(lineage), rights), null);
    }
    String reason =
        !known
            ? "unknown instance"
            : !macOk ? "bad MAC" : revoked ? "revoked" : expired ? "expired" : "grants nothing";
    return new Outcome(Restoration.Refused.REFUSED, reason);
  }
}
