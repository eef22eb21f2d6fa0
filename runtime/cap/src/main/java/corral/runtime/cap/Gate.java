package corral.runtime.cap;

import java.util.List;
import java.util.Optional;

/**
 * The check, in the driver host, that a call's method is among the rights of the live reference it
 * came through. One gate per live reference, made from the {@link Restoration.Restored} result that
 * created the reference; the RPC dispatcher calls {@link #check} before every dispatch and fails
 * the call with the returned {@link CallDenied} instead of dispatching.
 *
 * <pre>
 *   Call(interfaceId, method) ─▶ gate.check ─┬─ empty ─────────▶ driver
 *                                            └─ CallDenied ────▶ Return(exception: failed)
 * </pre>
 *
 * <p>The check costs the same for every interface and method: it reads every granted interface's
 * bitset word (no early exit), selects by mask, and reads one volatile flag set by {@link
 * #revoke()} or {@link #expire()}. Thread-safe; {@link #check} may run on any event loop.
 */
public final class Gate {
  private final long instanceId;
  private final CapId capId;
  private final List<CapId> lineage;
  private final Rights rights;
  private final long[] interfaceIds;
  private final long[][] bits;
  private final InterfaceCatalog catalog;
  private final AuditTrail audit;

  /** {@link #LIVE}, {@link #REVOKED} or {@link #EXPIRED}: the one volatile read of a check. */
  private volatile int state;

  private static final int LIVE = 0;
  private static final int REVOKED = 1;
  private static final int EXPIRED = 2;

  /**
   * A gate for a live reference made from {@code restored}.
   *
   * @param catalog names methods in denial messages; may know no interface
   * @param audit records denied calls
   */
  public Gate(Restoration.Restored restored, InterfaceCatalog catalog, AuditTrail audit) {
    this.instanceId = restored.instanceId();
    this.capId = restored.capId();
    this.lineage = restored.lineage();
    this.rights = restored.rights();
    List<Grant> grants = rights.grants();
    this.interfaceIds = grants.stream().mapToLong(Grant::interfaceId).toArray();
    int words = grants.stream().mapToInt(g -> g.methods().words().length).max().orElse(0);
    this.bits = new long[grants.size()][];
    for (int i = 0; i < grants.size(); i++) {
      bits[i] = java.util.Arrays.copyOf(grants.get(i).methods().words(), words);
    }
    this.catalog = catalog;
    this.audit = audit;
  }

  /** Whether a call of {@code method} on {@code interfaceId} may pass. No allocation. */
  public boolean permits(long interfaceId, int method) {
    int w = method >>> 6;
    long word = 0;
    long[] ids = interfaceIds;
    for (int i = 0; i < ids.length; i++) {
      long d = ids[i] ^ interfaceId;
      long match = ((d | -d) >>> 63) - 1; // all ones when equal, else zero
      long[] b = bits[i];
      word |= match & (w < b.length ? b[w] : 0L);
    }
    return ((word >>> method) & 1L) != 0 & state == LIVE;
  }

  /** Checks a call: empty if it may be dispatched, else why not (and the denial is audited). */
  public Optional<CallDenied> check(long interfaceId, int method) {
    if (permits(interfaceId, method)) {
      return Optional.empty();
    }
    CallDenied denied =
        switch (state) {
          case REVOKED -> new CallDenied.ReferenceRevoked(instanceId);
          case EXPIRED ->
              new CallDenied.ReferenceExpired(instanceId, rights.expiry().orElseThrow());
          default ->
              new CallDenied.MethodNotGranted(
                  instanceId, interfaceId, method, catalog.methodName(interfaceId, method));
        };
    audit.deniedCall(
        instanceId,
        capId,
        interfaceId,
        method,
        switch (denied) {
          case CallDenied.ReferenceRevoked r -> "revoked";
          case CallDenied.ReferenceExpired e -> "expired";
          case CallDenied.MethodNotGranted m -> "not granted";
        });
    return Optional.of(denied);
  }

  /** From now on every call is denied. Called by {@link GateSet} on revocation. */
  public void revoke() {
    state = REVOKED;
  }

  /**
   * From now on every call is denied as expired (unless already revoked). Called at the instant the
   * capability expires, by the timer {@link GatingRestorer} schedules.
   *
   * @throws IllegalStateException if the capability has no expiry
   */
  public void expire() {
    if (rights.expiry().isEmpty()) {
      throw new IllegalStateException("the capability of " + this + " does not expire");
    }
    if (state == LIVE) {
      state = EXPIRED;
    }
  }

  public boolean isRevoked() {
    return state == REVOKED;
  }

  public boolean isExpired() {
    return state == EXPIRED;
  }

  public long instanceId() {
    return instanceId;
  }

  /** The id of the capability this gate's reference was restored from. */
  public CapId capId() {
    return capId;
  }

  /** The ids of the capability's chain prefixes, root first. */
  public List<CapId> lineage() {
    return lineage;
  }

  public Rights rights() {
    return rights;
  }

  @Override
  public String toString() {
    return "Gate[instance="
        + Capability.hexId(instanceId)
        + ", cap="
        + capId
        + ", rights="
        + rights.grants()
        + (state == REVOKED ? ", revoked" : state == EXPIRED ? ", expired" : "")
        + "]";
  }
}
