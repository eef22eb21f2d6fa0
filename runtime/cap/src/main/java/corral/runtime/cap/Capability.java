package corral.runtime.cap;

import corral.runtime.cap.authority.CapabilityAuthority;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A password capability: one instance, the methods of its interfaces granted at mint, the caveats
 * appended since, and the last link of the MAC chain. See {@code corral/cap.capnp} for the chain
 * and {@link CapabilityCodec} for the encodings.
 *
 * <p>A value, immutable and thread-safe. Holding one is holding the right it names, so its MAC is
 * never exposed: {@link #toString()} shows the public {@link #id()} instead, and only the text form
 * ({@link #toText()}) carries the MAC.
 *
 * <p>Any holder narrows a capability offline with {@link #derive(Caveat)}. Whether a capability is
 * genuine, current and unrevoked is known only to the {@link CapabilityAuthority} that minted it
 * (and to the hosts it shares the instance secret with).
 */
public final class Capability {
  static final Comparator<Grant> BY_INTERFACE =
      (a, b) -> Long.compareUnsigned(a.interfaceId(), b.interfaceId());

  private final long instanceId;
  private final long nonce;
  private final List<Grant> grants;
  private final List<Caveat> caveats;
  private final byte[] mac;

  Capability(long instanceId, long nonce, List<Grant> grants, List<Caveat> caveats, byte[] mac) {
    this.instanceId = instanceId;
    this.nonce = nonce;
    this.grants = List.copyOf(grants);
    this.caveats = List.copyOf(caveats);
    this.mac = mac.clone();
  }

  /**
   * A root capability, its MAC computed under the instance secret. Only the authority mints: anyone
   * else holding the secret could too, which is why only the authority and the instance's host hold
   * it.
   */
  public static Capability mint(byte[] secret, long instanceId, long nonce, List<Grant> grants) {
    List<Grant> sorted =
        grants.stream().filter(g -> !g.methods().isEmpty()).sorted(BY_INTERFACE).toList();
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("a capability must grant at least one method");
    }
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).interfaceId() == sorted.get(i - 1).interfaceId()) {
        throw new IllegalArgumentException(
            "interface " + hexId(sorted.get(i).interfaceId()) + " is granted twice");
      }
    }
    byte[] mac = ChainMac.mac(secret, CapabilityCodec.rootInput(instanceId, nonce, sorted));
    return new Capability(instanceId, nonce, sorted, List.of(), mac);
  }

  /**
   * Parses the text form {@code corral1:...}; the result names what is wrong with a malformed one.
   * Parsing says nothing about whether the capability is genuine.
   */
  public static CapabilityText.Parse parse(String text) {
    return CapabilityText.parse(text);
  }

  /** The instance this capability reaches. */
  public long instanceId() {
    return instanceId;
  }

  long nonce() {
    return nonce;
  }

  /** What the root capability granted, before caveats. */
  public List<Grant> grants() {
    return grants;
  }

  /** The caveats appended since the root, oldest first. */
  public List<Caveat> caveats() {
    return caveats;
  }

  /**
   * What this capability grants if genuine: the root grants narrowed by every caveat. The authority
   * computes the same from a verified cap.
   */
  public Rights rights() {
    return Rights.of(grants, caveats);
  }

  /** The public id of this capability (safe to log). */
  public CapId id() {
    return CapId.ofChain(mac);
  }

  byte[] macBytes() {
    return mac.clone();
  }

  /** Whether the MAC is {@code chain}'s first 32 bytes, compared in constant time. */
  boolean macEquals(byte[] chain) {
    return MessageDigest.isEqual(mac, chain);
  }

  /**
   * A narrower capability: this one with {@code caveat} appended, its MAC chained from this one's.
   * Works offline. The verifier never relies on the checks made here — a caveat can only narrow —
   * but asking for more than this cap grants is almost always a mistake, so it is refused with a
   * message saying what was asked for.
   *
   * @throws IllegalArgumentException if {@code caveat} allows a method this cap does not grant,
   *     expires later than this cap, or the cap already has the maximum number of caveats
   */
  public Capability derive(Caveat caveat) {
    Rights current = rights();
    switch (caveat) {
      case Caveat.Allow a -> {
        for (Grant g : a.grants()) {
          MethodSet have = current.methods(g.interfaceId());
          MethodSet beyond =
              MethodSet.of(g.methods().ordinals().filter(o -> !have.contains(o)).toArray());
          if (!beyond.isEmpty()) {
            throw new IllegalArgumentException(
                "methods "
                    + beyond
                    + " of interface "
                    + hexId(g.interfaceId())
                    + " are not granted by this capability, which grants "
                    + have
                    + " there");
          }
        }
      }
      case Caveat.ExpiresAt e -> {
        if (current.expiry().isPresent() && e.notAfter().isAfter(current.expiry().get())) {
          throw new IllegalArgumentException(
              "expiry "
                  + e.notAfter()
                  + " is after this capability's own expiry "
                  + current.expiry().get());
        }
      }
    }
    return appendUnchecked(caveat);
  }

  /** Appends a caveat without the courtesy checks of {@link #derive(Caveat)}. */
  Capability appendUnchecked(Caveat caveat) {
    Objects.requireNonNull(caveat, "caveat");
    if (caveats.size() >= CapabilityCodec.MAX_CAVEATS) {
      throw new IllegalArgumentException(
          "the capability already has " + caveats.size() + " caveats, the most allowed");
    }
    List<Caveat> more = new ArrayList<>(caveats);
    more.add(caveat);
    byte[] next = ChainMac.mac(mac, CapabilityCodec.caveatInput(caveat));
    return new Capability(instanceId, nonce, grants, more, next);
  }

  /** A capability allowing only {@code methods} of {@code interfaceId}; see {@link #derive}. */
  public Capability allowOnly(long interfaceId, MethodSet methods) {
    return derive(new Caveat.Allow(List.of(new Grant(interfaceId, methods))));
  }

  /** A capability that expires at {@code notAfter}; see {@link #derive}. */
  public Capability expiringAt(Instant notAfter) {
    return derive(new Caveat.ExpiresAt(notAfter));
  }

  /** The text form, {@code corral1:} and URL-safe base64 without padding. It holds the MAC. */
  public String toText() {
    return CapabilityText.format(this);
  }

  /** Equal when every field, the MAC included, is equal (MACs compared in constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Capability c
        && instanceId == c.instanceId
        && nonce == c.nonce
        && grants.equals(c.grants)
        && caveats.equals(c.caveats)
        && MessageDigest.isEqual(mac, c.mac);
  }

  @Override
  public int hashCode() {
    return Objects.hash(instanceId, nonce, grants, caveats);
  }

  /** Instance, grants, caveats and id; never the MAC. */
  @Override
  public String toString() {
    return "Capability[instance="
        + hexId(instanceId)
        + ", grants="
        + grants
        + ", caveats="
        + caveats
        + ", id="
        + id()
        + "]";
  }

  /** A 64-bit id as {@code 0x} and 16 hex digits, the form used in logs and messages. */
  public static String hexId(long id) {
    return String.format("0x%016x", id);
  }
}
