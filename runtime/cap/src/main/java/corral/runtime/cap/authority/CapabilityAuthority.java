package corral.runtime.cap.authority;

import corral.runtime.cap.AuditTrail;
import corral.runtime.cap.CapSchema;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityVerifier;
import corral.runtime.cap.ChainCheck;
import corral.runtime.cap.ChainMac;
import corral.runtime.cap.GateSet;
import corral.runtime.cap.Grant;
import corral.runtime.cap.HostUpdates;
import corral.runtime.cap.InstanceSecret;
import corral.runtime.cap.Restoration;
import corral.runtime.cap.Revocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints, verifies and revokes the password capabilities of component instances. The kernel embeds
 * one; it persists everything in its state directory and survives restarts.
 *
 * <h2>What it holds</h2>
 *
 * <ul>
 *   <li>A 32-byte random secret per instance, created by {@link #createInstance()}. A cap's root
 *       MAC is keyed with it. Secrets leave this object only as {@link InstanceSecret}s handed to
 *       the host that serves the instance; they are never logged or printed.
 *   <li>Revocations: per instance, the ids of revoked caps ({@link #revoke(Capability)}); a cap is
 *       refused when the id of any prefix of its MAC chain is revoked, so everything derived from a
 *       revoked cap is refused too. {@link #revokeAll(long)} rotates the instance's secret instead,
 *       which invalidates every cap of it at once and lets its revoked ids be dropped.
 *   <li>Its own admin instance, whose cap ({@code admin.cap} in the state directory, written at
 *       first start) grants {@code AuthorityAdmin}: revoke, plug, unplug.
 * </ul>
 *
 * <h2>Restore</h2>
 *
 * <pre>
 *   text ──parse──▶ Capability ──▶ secret of instance (or a decoy secret if unknown)
 *                                   │
 *          chain[0] = HMAC(secret, root) ─▶ chain[i+1] = HMAC(chain[i], caveat i) ─▶ ...
 *                 │ id revoked?                 │ id revoked?
 *          genuine = isEqual(chain[n], mac) &amp; known &amp; !revoked &amp; !expired &amp; rights non-empty
 * </pre>
 *
 * Every check runs for every capability, and their results are combined without short-circuiting,
 * so a forged, expired, revoked or wrong-instance cap costs the same as a good one and gets the
 * same {@link Restoration.Refused}. Only a text form that does not parse is refused earlier — its
 * presenter learns nothing from that it did not already know.
 *
 * <h2>Threads and files</h2>
 *
 * Thread-safe. {@link #restore} reads an immutable snapshot without locking; changes are
 * serialised, written to disk (atomically, owner-only) and only then published. The state directory
 * is locked while the authority is open; {@link #close()} releases it.
 */
public final class CapabilityAuthority implements CapabilityVerifier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CapabilityAuthority.class);

  /** The file, in the state directory, holding the instances, their secrets and the revocations. */
  public static final String STATE_FILE = AuthorityState.FILE;

  /** The file in the state directory holding the admin cap's text form. */
  public static final String ADMIN_CAP_FILE = "admin.cap";

  /** The audit file in the state directory. */
  public static final String AUDIT_FILE = "audit.log";

  private final Path dir;
  private final InstantSource clock;
  private final SecureRandom random;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileAuditTrail audit;
  private final byte[] decoySecret;
  private final List<Revocation.Listener> listeners = new CopyOnWriteArrayList<>();

  /** The hosts attached to each instance; guarded by {@code this}. */
  private final Map<Long, List<HostUpdates>> hosts = new HashMap<>();

  private volatile AuthorityState state;

  private CapabilityAuthority(
      Path dir, InstantSource clock, SecureRandom random, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.dir = dir;
    this.clock = clock;
    this.random = random;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.decoySecret = new byte[ChainMac.LENGTH];
    random.nextBytes(decoySecret);
    this.audit = new FileAuditTrail(dir.resolve(AUDIT_FILE), clock);
  }

  /**
   * Opens the authority kept in {@code stateDir}, creating the directory (0700), its state and its
   * admin cap at first start.
   *
   * @throws IOException if the directory cannot be created, is locked by another authority, or
   *     holds a malformed state file (the message names the file and line)
   */
  public static CapabilityAuthority open(Path stateDir, InstantSource clock) throws IOException {
    return open(stateDir, clock, new SecureRandom(), List.of(adminGrant()));
  }

  /**
   * Opens the authority as {@link #open(Path, InstantSource)} does, with an admin cap granting
   * {@code adminGrants} (the kernel's administration interface): an admin cap file that does not
   * grant exactly these (written by an older kernel, or by the authority alone) is replaced.
   */
  public static CapabilityAuthority open(
      Path stateDir, InstantSource clock, List<Grant> adminGrants) throws IOException {
    return open(stateDir, clock, new SecureRandom(), adminGrants);
  }

  static CapabilityAuthority open(Path stateDir, InstantSource clock, SecureRandom random)
      throws IOException {
    return open(stateDir, clock, random, List.of(adminGrant()));
  }

  private static CapabilityAuthority open(
      Path stateDir, InstantSource clock, SecureRandom random, List<Grant> adminGrants)
      throws IOException {
    Files.createDirectories(
        stateDir,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
    FileChannel ch =
        FileChannel.open(
            stateDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException(
          "state directory " + stateDir + " is in use by another capability authority");
    }
    CapabilityAuthority a;
    try {
      a = new CapabilityAuthority(stateDir, clock, random, ch, lock);
      a.start(adminGrants);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return a;
  }

  private void start(List<Grant> adminGrants) throws IOException {
    Optional<AuthorityState> loaded = AuthorityState.load(dir);
    if (loaded.isPresent()) {
      state = loaded.get();
      log.info("capability authority opened {}: {}", dir, state);
    } else {
      long admin = newId(new AuthorityState(0, java.util.Map.of(), Set.of(), java.util.Map.of()));
      AuthorityState s =
          new AuthorityState(admin, java.util.Map.of(), Set.of(), java.util.Map.of())
              .withSecret(admin, newSecret());
      s.save(dir);
      state = s;
      log.info(
          "capability authority created in {} with admin instance {}",
          dir,
          Capability.hexId(admin));
    }
    if (!Files.exists(adminCapFile()) || !adminCapGrants(adminGrants)) {
      Capability cap = mint(adminInstanceId(), adminGrants);
      AuthorityState.writeAtomically(
          dir, ADMIN_CAP_FILE, (cap.toText() + "\n").getBytes(StandardCharsets.US_ASCII));
      log.info("wrote the admin cap to {}", adminCapFile());
    }
  }

  /** Whether the admin cap file holds a current admin cap granting exactly {@code grants}. */
  private boolean adminCapGrants(List<Grant> grants) throws IOException {
    String text = Files.readString(adminCapFile(), StandardCharsets.US_ASCII).strip();
    return restore(text) instanceof Restoration.Restored r
        && r.instanceId() == adminInstanceId()
        && r.rights().grants().equals(grants)
        && r.rights().expiry().isEmpty();
  }

  private static Grant adminGrant() {
    int n = CapSchema.AuthorityAdmin.METHOD_NAMES.size();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return Grant.of(CapSchema.AuthorityAdmin.TYPE_ID, all);
  }

  private byte[] newSecret() {
    byte[] s = new byte[ChainMac.LENGTH];
    random.nextBytes(s);
    return s;
  }

  private long newId(AuthorityState s) {
    long id;
    do {
      id = random.nextLong();
    } while (s.isUsed(id));
    return id;
  }

  private void publish(AuthorityState next) {
    try {
      next.save(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the authority state in " + dir, e);
    }
    state = next;
  }

  /** The state directory. */
  public Path stateDirectory() {
    return dir;
  }

  /** The id of the authority's own instance, reached by its admin cap. */
  public long adminInstanceId() {
    return state.adminInstance();
  }

  /** Where the admin cap's text form is kept (owner-only). */
  public Path adminCapFile() {
    return dir.resolve(ADMIN_CAP_FILE);
  }

  /** The audit trail this authority writes to; gates of its instances may share it. */
  public AuditTrail audit() {
    return audit;
  }

  /**
   * Creates an instance: a fresh random 64-bit id, never used before by this authority, and a fresh
   * secret. Persisted before returning.
   */
  public synchronized long createInstance() {
    AuthorityState s = state;
    long id = newId(s);
    publish(s.withSecret(id, newSecret()));
    log.info("created instance {}", Capability.hexId(id));
    return id;
  }

  /**
   * Destroys an instance (unplug): its secret is deleted, every cap of it is refused from now on,
   * and its id is never reused. Does nothing if the instance is not known.
   */
  public synchronized void destroyInstance(long instanceId) {
    AuthorityState s = state;
    if (!s.secrets().containsKey(instanceId) || instanceId == s.adminInstance()) {
      return;
    }
    publish(s.withRetired(instanceId));
    audit.revokedInstance(instanceId, "destroyed");
    List<HostUpdates> attached = hosts.remove(instanceId);
    if (attached != null) {
      attached.forEach(h -> tell(h, () -> h.destroyed(instanceId)));
    }
    announce(new Revocation.OfInstance(instanceId));
  }

  /**
   * Mints a root capability of an instance granting {@code grants}.
   *
   * @throws IllegalArgumentException if the instance is not known to this authority, or the grants
   *     are empty or name an interface twice
   */
  public Capability mint(long instanceId, List<Grant> grants) {
    byte[] secret = state.secrets().get(instanceId);
    if (secret == null) {
      throw new IllegalArgumentException(
          "instance "
              + Capability.hexId(instanceId)
              + " is not known to this capability authority");
    }
    Capability cap = Capability.mint(secret, instanceId, random.nextLong(), grants);
    audit.minted(instanceId, cap.id(), cap.rights());
    return cap;
  }

  /**
   * The secret of an instance, for the host that serves it (over the kernel's private control
   * channel). Empty if the instance is not known.
   */
  public Optional<InstanceSecret> secretOf(long instanceId) {
    return Optional.ofNullable(state.secrets().get(instanceId))
        .map(s -> new InstanceSecret(instanceId, s));
  }

  /**
   * Presents a text form: its rights if it is genuine, current and unrevoked, else {@link
   * Restoration.Refused} (also for a malformed text form; use {@link Capability#parse} to learn
   * what is wrong with one).
   */
  @Override
  public Restoration restore(String text) {
    return ChainCheck.restoreText(text, audit, this::restore);
  }

  /** Presents a capability; see {@link #restore(String)}. */
  public Restoration restore(Capability cap) {
    AuthorityState s = state;
    Restoration result =
        ChainCheck.restore(cap, s.secrets(), s.revoked(), decoySecret, clock.instant(), audit);
    if (result instanceof Restoration.Restored r && log.isDebugEnabled()) {
      log.debug("restored cap {} of instance {}", r.capId(), Capability.hexId(cap.instanceId()));
    }
    return result;
  }

  /**
   * Revokes {@code cap} and every capability derived from it, and tells the listeners. Does nothing
   * for a capability this authority would refuse anyway (so a forged cap cannot be used to fill the
   * revocation list).
   *
   * @return whether the capability was genuine and is now revoked
   */
  public synchronized boolean revoke(Capability cap) {
    if (!(restore(cap) instanceof Restoration.Restored r)) {
      return false;
    }
    publish(state.withRevoked(r.instanceId(), r.capId()));
    audit.revokedCap(r.instanceId(), r.capId());
    Revocation.OfCap event = new Revocation.OfCap(r.instanceId(), r.capId());
    hostsOf(r.instanceId()).forEach(h -> tell(h, () -> h.revoked(event)));
    announce(event);
    return true;
  }

  /**
   * Revokes every capability of an instance by rotating its secret; the instance lives on and new
   * caps can be minted for it. The host serving the instance must be given the new secret.
   *
   * @throws IllegalArgumentException if the instance is not known
   */
  public synchronized void revokeAll(long instanceId) {
    AuthorityState s = state;
    if (!s.secrets().containsKey(instanceId)) {
      throw new IllegalArgumentException(
          "instance "
              + Capability.hexId(instanceId)
              + " is not known to this capability authority");
    }
    byte[] secret = newSecret();
    publish(s.withSecret(instanceId, secret));
    audit.revokedInstance(instanceId, "revoke all");
    // The new secret goes only to the hosts attached to this instance.
    hostsOf(instanceId)
        .forEach(h -> tell(h, () -> h.rekeyed(new InstanceSecret(instanceId, secret))));
    announce(new Revocation.OfInstance(instanceId));
  }

  /**
   * Attaches a host that runs {@code instanceId}: it is given the instance's current secret and
   * revoked cap ids at once ({@link HostUpdates#serving}), then every later revocation, rotation
   * (with the new secret) and destruction of that instance, in order. Nothing about other instances
   * reaches it. Attaching the same host to several instances is how a host running several
   * instances is kept current.
   *
   * @throws IllegalArgumentException if the instance is not known
   */
  public synchronized HostUpdates.Attachment attachHost(long instanceId, HostUpdates host) {
    AuthorityState s = state;
    byte[] secret = s.secrets().get(instanceId);
    if (secret == null) {
      throw new IllegalArgumentException(
          "instance "
              + Capability.hexId(instanceId)
              + " is not known to this capability authority");
    }
    host.serving(
        new InstanceSecret(instanceId, secret), s.revoked().getOrDefault(instanceId, Set.of()));
    hosts.computeIfAbsent(instanceId, k -> new ArrayList<>()).add(host);
    log.info("attached host {} to instance {}", host, Capability.hexId(instanceId));
    return () -> detachHost(instanceId, host);
  }

  private synchronized void detachHost(long instanceId, HostUpdates host) {
    List<HostUpdates> attached = hosts.get(instanceId);
    if (attached != null && attached.remove(host) && attached.isEmpty()) {
      hosts.remove(instanceId);
    }
  }

  private List<HostUpdates> hostsOf(long instanceId) {
    return List.copyOf(hosts.getOrDefault(instanceId, List.of()));
  }

  private static void tell(HostUpdates host, Runnable update) {
    try {
      update.run();
    } catch (RuntimeException e) {
      // Never log the exception's message with the update: only the host and the kind of failure.
      log.warn("host {} failed to take an update (the change stands): {}", host, e.toString());
    }
  }

  /** Adds a listener told of every later revocation (e.g. a {@link GateSet}). */
  public void addRevocationListener(Revocation.Listener listener) {
    listeners.add(listener);
  }

  public void removeRevocationListener(Revocation.Listener listener) {
    listeners.remove(listener);
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

  /** Releases the state directory's lock and closes the audit file. */
  @Override
  public void close() throws IOException {
    try {
      audit.close();
    } finally {
      lock.release();
      lockChannel.close();
    }
  }

  @Override
  public String toString() {
    return "CapabilityAuthority[" + dir + ", " + state + "]";
  }
}
