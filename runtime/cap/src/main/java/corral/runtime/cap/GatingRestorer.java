package corral.runtime.cap;

import corral.runtime.cap.keyring.HostKeyring;
import corral.runtime.rpc.CallFilter;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.Membrane;
import corral.runtime.rpc.RpcException;
import java.util.Optional;

/**
 * The {@code Restorer} bootstrap interface of a kernel or driver host: turns a presented capability
 * into a live reference to its instance, gated by the capability's rights.
 *
 * <pre>
 *   restore(cap) ─▶ verifier.restore ─┬─ Restored ─▶ instance served here? ─┬─ yes ─▶ Gate ─▶ guarded ref
 *                                     └─ Refused ───────────────────────────┴─ no ──▶ failed: "capability refused"
 *
 *   call on ref ─▶ gate.permits(interface, method)? ─┬─ yes ─▶ instance's server (the driver)
 *                                                     └─ no ──▶ failed: "method m (@n) ... is not granted ..."
 * </pre>
 *
 * <h2>How rights attach</h2>
 *
 * Each restore makes one {@link Gate} and one {@link Membrane} around the instance's server. The
 * gate is the reference's rights, and everything reached through the reference shares it:
 *
 * <ul>
 *   <li>Capabilities the driver hands out in results (or that are pipelined on them) are gated by
 *       the same gate: a call on them is checked against the cap's grants for <em>their</em>
 *       interface, and a revocation of the cap stops them with the reference. A cap that grants
 *       {@code getAdder} but none of {@code Adder}'s methods yields adders that cannot be called.
 *   <li>Capabilities the client passes in parameters (callbacks) are the client's objects and are
 *       not gated; but what the driver passes out through them (notify caps) is gated by the same
 *       gate. A callback handed back to its owner is its own object again, ungated.
 *   <li>A gated reference passed back in as a parameter reaches the driver as its own object.
 *   <li>A capability already gated by another reference's membrane keeps that gate.
 * </ul>
 *
 * <p>A reference made from an expiring capability stops working at the expiry instant: its gate is
 * expired by a task on the injected {@link ExpiryScheduler}, so calls read no clock. When the last
 * reference crossing the membrane is released, the gate leaves the {@link GateSet} and its expiry
 * task is cancelled. Revocations reach live references through the {@code GateSet}, which the owner
 * registers as a {@link Revocation.Listener} of the authority (in the kernel) or of the host's
 * {@link HostKeyring}. A revocation that lands between a restore's check and the addition of its
 * gate still reaches it: the restorer reads the set's {@link GateSet#epoch()} before the check and
 * adds the gate with it, and the restore is refused if a revocation since then applies.
 *
 * <p>Thread-safe; restores run concurrently on virtual threads. The gate check runs on the thread
 * delivering the call (a connection's event loop), before the driver's mailbox.
 */
public final class GatingRestorer extends CapSchema.Restorer.Server {

  /** The one message of every refused restore. */
  public static final String REFUSED = "capability refused";

  /** The servers of the instances this process serves, by instance id. */
  @FunctionalInterface
  public interface Instances {
    /**
     * The server of an instance served here, if any: a reference the restorer borrows (it takes its
     * own references from it and never closes it).
     */
    Optional<Client> server(long instanceId);
  }

  private final CapabilityVerifier verifier;
  private final Instances instances;
  private final GateSet gates;
  private final InterfaceCatalog catalog;
  private final AuditTrail audit;
  private final ExpiryScheduler expiry;
  private final Runnable afterCheck;
  private final CallFilter door;

  /**
   * @param verifier checks presented caps (the authority, or a host's keyring)
   * @param instances the instances whose references may be restored here
   * @param gates receives the gate of every live reference, so revocations reach it
   * @param catalog names methods in denial messages
   * @param audit records refusals (by the verifier) and denied calls
   * @param expiry expires the gate of a reference made from an expiring capability at its expiry,
   *     on the clock the verifier judges expiry by
   */
  public GatingRestorer(
      CapabilityVerifier verifier,
      Instances instances,
      GateSet gates,
      InterfaceCatalog catalog,
      AuditTrail audit,
      ExpiryScheduler expiry) {
    this(verifier, instances, gates, catalog, audit, expiry, NO_DOOR, () -> {});
  }

  /**
   * As above, with {@code door} checking every call the gate lets through, after it (and told when
   * each is answered): a host's drain of an instance before it stops.
   */
  public GatingRestorer(
      CapabilityVerifier verifier,
      Instances instances,
      GateSet gates,
      InterfaceCatalog catalog,
      AuditTrail audit,
      ExpiryScheduler expiry,
      CallFilter door) {
    this(verifier, instances, gates, catalog, audit, expiry, door, () -> {});
  }

  private static final CallFilter NO_DOOR = (interfaceId, methodId) -> Optional.empty();

  /**
   * As the public constructors, with {@code afterCheck} run on every restore between the check of a
   * cap and the addition of its gate (a test's window for a racing revocation).
   */
  GatingRestorer(
      CapabilityVerifier verifier,
      Instances instances,
      GateSet gates,
      InterfaceCatalog catalog,
      AuditTrail audit,
      ExpiryScheduler expiry,
      CallFilter door,
      Runnable afterCheck) {
    super(true);
    this.afterCheck = afterCheck;
    this.door = door;
    this.verifier = verifier;
    this.instances = instances;
    this.gates = gates;
    this.catalog = catalog;
    this.audit = audit;
    this.expiry = expiry;
  }

  @Override
  protected void restore(
      CapSchema.Restorer.RestoreParams.Reader params,
      CapSchema.Restorer.RestoreResults.Builder results) {
    String text = params.hasCap() ? params.getCap().toString() : "";
    try (Client ref = restore(text).orElseThrow(() -> RpcException.failed(REFUSED))) {
      results.setRef(ref);
    }
  }

  /**
   * Restores {@code text} in this process: a gated reference the caller owns, or empty when the cap
   * is refused or its instance is not served here (both audited, neither distinguishable by the
   * presenter).
   */
  public Optional<Client> restore(String text) {
    // Read before the check: a revocation the check does not see comes after it (see GateSet).
    long epoch = gates.epoch();
    Restoration r = verifier.restore(text);
    if (!(r instanceof Restoration.Restored ok)) {
      return Optional.empty();
    }
    Optional<Client> server = instances.server(ok.instanceId());
    if (server.isEmpty()) {
      audit.refused(Optional.of(ok.instanceId()), Optional.of(ok.capId()), "not served here");
      return Optional.empty();
    }
    afterCheck.run();
    return reference(ok, epoch, server.get());
  }

  /**
   * A gated reference to {@code server} with the rights of {@code restored}, or empty if a
   * revocation heard by the {@link GateSet} since {@code epoch} (read before the check) applies to
   * it — the check may have run on the state before that revocation.
   */
  Optional<Client> reference(Restoration.Restored restored, long epoch, Client server) {
    Gate gate = new Gate(restored, catalog, audit);
    if (!gates.add(gate, epoch)) {
      audit.refused(
          Optional.of(restored.instanceId()),
          Optional.of(restored.capId()),
          "revoked while restoring");
      return Optional.empty();
    }
    Optional<ExpiryScheduler.Cancellable> timer =
        restored.rights().expiry().map(at -> expiry.schedule(at, gate::expire));
    Membrane membrane =
        new Membrane(
            filter(gate, door),
            () -> {
              gates.remove(gate);
              timer.ifPresent(ExpiryScheduler.Cancellable::cancel);
            });
    return Optional.of(membrane.guard(server));
  }

  /**
   * The gate, then the door, as the engine's call filter: a denial fails the call as {@code
   * failed}; what the door refuses fails as the door says.
   */
  static CallFilter filter(Gate gate, CallFilter door) {
    return new CallFilter() {
      @Override
      public Optional<RpcException> check(long interfaceId, short methodId) {
        if (gate.permits(interfaceId, methodId & 0xFFFF)) {
          return door.check(interfaceId, methodId);
        }
        return gate.check(interfaceId, methodId & 0xFFFF)
            .map(denied -> RpcException.failed(denied.message()));
      }

      @Override
      public void answered(long interfaceId, short methodId) {
        door.answered(interfaceId, methodId);
      }

      @Override
      public boolean countsAnswers() {
        return door.countsAnswers();
      }

      @Override
      public String toString() {
        return gate.toString();
      }
    };
  }

  @Override
  public String toString() {
    return "GatingRestorer[" + gates + "]";
  }
}
