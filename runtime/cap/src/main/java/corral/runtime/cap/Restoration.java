package corral.runtime.cap;

import java.util.List;

/**
 * The outcome of presenting a capability to an authority: either the rights it grants, or a refusal
 * that does not say why.
 */
public sealed interface Restoration {

  /**
   * A genuine, current, unrevoked capability.
   *
   * @param instanceId the instance it reaches
   * @param capId the id of the presented capability
   * @param lineage the ids of every prefix of its MAC chain, root first, {@code capId} last;
   *     revoking any of them revokes this capability and the live references made from it
   * @param rights what it grants
   */
  record Restored(long instanceId, CapId capId, List<CapId> lineage, Rights rights)
      implements Restoration {
    public Restored {
      lineage = List.copyOf(lineage);
    }
  }

  /**
   * The capability is refused. Forged, altered, truncated, malformed, expired, revoked and
   * wrong-instance capabilities all get this one outcome, after the same work.
   */
  enum Refused implements Restoration {
    REFUSED;

    @Override
    public String toString() {
      return "capability refused";
    }
  }
}
