package corral.runtime.cap.keyring;

import corral.runtime.cap.AuditTrail;
import corral.runtime.cap.CapId;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityVerifier;
import corral.runtime.cap.ChainCheck;
import corral.runtime.cap.ChainMac;
import corral.runtime.cap.GateSet;
import corral.runtime.cap.GatingRestorer;
import corral.runtime.cap.HostUpdates;
import corral.runtime.cap.InstanceSecret;
import corral.runtime.cap.Restoration;
import corral.runtime.cap.Revocation;
import corral.runtime.cap.authority.CapabilityAuthority;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver host's verifier: the secrets and revoked cap ids of the instances this host runs, and
 * nothing else. It checks a presented capability exactly as the {@link CapabilityAuthority} does
 * (same MAC chain, constant-time comparison, every check run and combined without short-circuiting,
 * one {@link Restoration.Refused} for every kind of bad cap), so a {@link GatingRestorer} in the
 * host can run on it instead of asking the kernel.
 *
 * <pre>
 *   authority ──attachHost(instance, keyring)──▶ serving(secret, revoked ids)   (full state first)
 *             ──revoke(cap)─────────────────────▶ revoked(OfCap)                ─┐
 *             ──revokeAll(instance)─────────────▶ rekeyed(new secret)            ├─▶ keyring's view,
 *             ──destroyInstance(instance)───────▶ destroyed(instance)           ─┘   then its listeners
 *                                                                                     (the host's GateSet)
 * </pre>
 *
 * The keyring is kept current by the authority as a {@link HostUpdates}; after applying each update
 * it tells its own {@link Revocation.Listener}s (the host's {@link GateSet}) as a {@link
 * Revocation}, without any secret: {@code OfCap} for a cap, {@code OfInstance} for a rotation, a
 * destruction or {@link #forget}. Caps of an instance the keyring was not given are refused — the
 * chain is computed under a decoy secret, so that costs the same as a good cap.
 *
 * <p>Secrets are never logged, printed or put in {@link #toString()}. Thread-safe: {@link #restore}
 * reads an immutable snapshot without locking; updates are serialised and published whole.
 */
public final class HostKeyring implements CapabilityVerifier, HostUpdates {
  private static final Logger log = LoggerFactory.getLogger(HostKeyring.class);

  /** What the keyring knows: secrets and revoked ids by instance. Never shown. */
  private record Keys(Map<Long, byte[]> secrets, Map<Long, Set<CapId>> revoked) {
    Keys {
      secrets = Map.copyOf(secrets);
      revoked = Map.copyOf(revoked);
    }

    Keys with(long id, byte[] secret, Set<CapId> revokedIds) {
      Map<Long, byte[]> s = new HashMap<>(secrets);
      Map<Long, Set<CapId>> r = new HashMap<>(revoked);
      s.put(id, secret);
      r.put(id, Set.copyOf(revokedIds));
      return new Keys(s, r);
    }

    Keys without(long id) {
      Map<Long, byte[]> s = new HashMap<>(secrets);
      Map<Long, Set<CapId>> r = new HashMap<>(revoked);
      s.remove(id);
      r.remove(id);
      return new Keys(s, r);
    }

    @Override
    public String toString() {
      return "Keys[" + secrets.size() + " instances]";
    }
  }

  private final InstantSource clock;
  private final AuditTrail audit;
  private final byte[] decoySecret = new byte[ChainMac.LENGTH];
  private final List<Revocation.Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile Keys keys = new Keys(Map.of(), Map.of());

  /**
   * @param clock judges expiry (the authority's clock, or one kept close to it)
   * @param audit records refusals
   */
  public HostKeyring(InstantSource clock, AuditTrail audit) {
    this.clock = clock;
    this.audit = audit;
    new SecureRandom().nextBytes(decoySecret);
  }

  /** Adds a listener told of every revocation this keyring applies (e.g. the host's GateSet). */
  public void addRevocationListener(Revocation.Listener listener) {
    listeners.add(listener);
  }

  public void removeRevocationListener(Revocation.Listener listener) {
    listeners.remove(listener);
  }

  /** Whether this keyring holds the secret of {@code instanceId}. */
  public boolean holds(long instanceId) {
    return keys.secrets().containsKey(instanceId);
  }

  /** The instances whose secrets this keyring holds. */
  public Set<Long> instances() {
    return Set.copyOf(keys.secrets().keySet());
  }

  @Override
  public Restoration restore(String text) {
    return ChainCheck.restoreText(text, audit, this::restore);
  }

  /** Presents a capability; see {@link CapabilityVerifier#restore(String)}. */
  public Restoration restore(Capability cap) {
    Keys k = keys;
    return ChainCheck.restore(cap, k.secrets(), k.revoked(), decoySecret, clock.instant(), audit);
  }

  @Override
  public synchronized void serving(InstanceSecret secret, Set<CapId> revoked) {
    long id = secret.instanceId();
    boolean had = holds(id);
    keys = keys.with(id, secret.bytes(), revoked);
    log.info(
        "{} instance {} ({} revoked caps)",
        had ? "resynchronised" : "serving",
        Capability.hexId(id),
        revoked.size());
    if (had) {
      // What was revoked while this keyring was out of touch may be among the live references.
      announce(new Revocation.OfInstance(id));
    }
  }

  @Override
  public synchronized void revoked(Revocation.OfCap revocation) {
    long id = revocation.instanceId();
    Keys k = keys;
    byte[] secret = k.secrets().get(id);
    if (secret == null) {
      return; // not an instance of this host
    }
    Set<CapId> ids = new java.util.HashSet<>(k.revoked().getOrDefault(id, Set.of()));
    ids.add(revocation.capId());
    keys = k.with(id, secret, ids);
    announce(revocation);
  }

  @Override
  public synchronized void rekeyed(InstanceSecret newSecret) {
    long id = newSecret.instanceId();
    if (!holds(id)) {
      log.warn("ignored a new secret for instance {}, not run here", Capability.hexId(id));
      return;
    }
    keys = keys.with(id, newSecret.bytes(), Set.of());
    announce(new Revocation.OfInstance(id));
  }

  @Override
  public synchronized void destroyed(long instanceId) {
    forget(instanceId);
  }

  /**
   * Stops holding an instance's secret without revoking anything: its caps are refused here from
   * now on, and its live references are the host's to stop (a swap or restart elsewhere keeps the
   * caps valid, so their calls are refused as not delivered, not as revoked, and their holders
   * restore them at the successor).
   */
  public synchronized void withdraw(long instanceId) {
    if (holds(instanceId)) {
      keys = keys.without(instanceId);
    }
  }

  /**
   * Forgets an instance (the host stops running it, or has lost its control channel and must
   * resynchronise): its caps are refused here and its live references revoked.
   */
  public synchronized void forget(long instanceId) {
    if (!holds(instanceId)) {
      return;
    }
    keys = keys.without(instanceId);
    announce(new Revocation.OfInstance(instanceId));
  }

  private void announce(Revocation r) {
    for (Revocation.Listener l : listeners) {
      try {
        l.revoked(r);
      } catch (RuntimeException e) {
        log.warn("revocation listener {} failed on {} (the revocation stands)", l, r, e);
      }
    }
  }

  @Override
  public String toString() {
    Keys k = keys;
    return "HostKeyring["
        + k.secrets().size()
        + " instances, "
        + k.revoked().values().stream().mapToInt(Set::size).sum()
        + " revoked caps]";
  }
}
