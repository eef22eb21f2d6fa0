# Corral's password capability: the message behind the text form `corral1:...`.
#
# A capability names one component instance and the methods of its interfaces that the holder
# may call. It is a bearer token: whoever holds the text may use it, and whoever holds it may
# derive a narrower one offline by appending a caveat — fewer methods, an earlier expiry —
# without asking the authority. Nothing a holder can append widens what the capability grants.
#
# The MAC chain (macaroon-style):
#
#   chain[0]   = MAC(secret of the instance, root body)     root body = instanceId, nonce, grants
#   chain[i+1] = MAC(chain[i], caveat i)
#   mac        = chain[n]                                   n = number of caveats
#
# The authority, which alone (with the instance's host) knows the instance secret, recomputes
# the chain and compares `mac` in constant time. A holder knows chain[n] and can extend it, but
# cannot go back to chain[n-1], so caveats cannot be removed. The MAC covers a fixed byte
# encoding of the parsed values (see corral.runtime.cap.CapabilityCodec), not these bytes;
# the text form is accepted only if it is the canonical packed encoding of those values.
#
# Cap ids: every prefix of the chain has a public id, the first 16 bytes of
# SHA-256("corral1 cap id" || chain[i]). Revoking a cap records its id; a cap is refused when
# the id of any prefix of its chain is revoked, so revoking one cap revokes everything derived
# from it.
@0xd4c1a8f3b2e65a17;

using Java = import "/capnp/java.capnp";
$Java.package("corral.runtime.cap");
$Java.outerClassname("CapSchema");

struct CapToken {
  # A password capability: the message behind its text form. Produced by the capability
  # authority (a root cap) or by any holder deriving from one; presented to a kernel or driver
  # host to restore a live reference. (Not named `Capability`, which would hide Cap'n Proto's
  # built-in capability type that `Restorer.restore` returns; the Java value class is still
  # corral.runtime.cap.Capability. The name is not part of the encoding: renaming it from
  # `Capability` changed no byte of any text form.)

  instanceId @0 :UInt64;
  # The component instance this capability reaches (64-bit, random, never reused).

  nonce @1 :UInt64;
  # Random per mint, so two root caps with the same grants have distinct MACs and ids and can
  # be revoked separately.

  grants @2 :List(Grant);
  # What the root cap granted: interfaces in strictly ascending id order, each once.

  caveats @3 :List(Caveat);
  # Restrictions appended since the root, oldest first; each is chained into the MAC.

  mac @4 :Data;
  # The last link of the MAC chain, 32 bytes. It is the password: never log it.
}

struct Grant {
  # Methods of one interface.

  interfaceId @0 :UInt64;
  # The interface's type id, as in its schema.

  methods @1 :List(UInt16);
  # Method ordinals, strictly ascending.
}

struct Caveat {
  # One restriction appended to a capability. Each caveat can only narrow what the
  # capability grants; the MAC chains over every caveat in order.
  union {
    allow @0 :List(Grant);
    # Only these methods remain granted: each interface's methods are intersected with the
    # ones listed for it here, and interfaces not listed are dropped.

    expiresAt @1 :UInt64;
    # Refused at and after this instant, in milliseconds since the Unix epoch. The earliest
    # expiry of all caveats wins.
  }
}

interface AuthorityAdmin {
  # What the authority's admin cap (written to its state directory at first start) grants.
  # The kernel serves this interface; the admin cap is a cap of the authority's own instance.

  revoke @0 (cap :Text) -> ();
  # Revokes `cap` and every cap derived from it. Live references made from them stop working.

  revokeInstance @1 (instanceId :UInt64) -> ();
  # Revokes every cap of an instance at once, by rotating its secret.

  plug @2 (driver :Text, name :Text) -> (cap :Text);
  # Creates an instance of `driver`, binds `name` to it, and returns its owner cap.

  unplug @3 (name :Text) -> ();
  # Destroys the instance bound to `name`; every cap of it is revoked.
}

interface Restorer {
  # The bootstrap interface of a kernel or driver host: where a holder turns the text form of a
  # capability into a live reference. Served by corral.runtime.cap.GatingRestorer.

  restore @0 (cap :Text) -> (ref :Capability);
  # Presents `cap` (the text form `corral1:...`) and returns a live reference to its instance, of
  # the built-in capability type: cast it to the instance's interface. Calls may be pipelined on
  # `ref` before the restore returns (they fail as the restore does if it is refused). Every
  # call through the reference, and through any capability it hands out, is checked against the
  # cap's methods before it reaches the driver; a method not granted fails with an exception of
  # kind `failed` saying so. When the cap (or one it was derived from) is revoked, calls fail.
  #
  # A forged, altered, truncated, expired, revoked or wrong-instance cap, or one of an instance
  # this server does not serve, fails the call with kind `failed` and the one message
  # "capability refused", which does not say which check failed.
}
