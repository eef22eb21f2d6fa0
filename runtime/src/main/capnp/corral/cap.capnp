# Corral's password capability, as it travels in its text form (corral1:...).
@0xd4c1a8f3b2e65a17;

using Java = import "/capnp/java.capnp";
$Java.package("corral.runtime.cap");
$Java.outerClassname("CapSchema");

struct Caveat {
  # One restriction appended to a capability. Each caveat can only narrow what the
  # capability grants; the MAC chains over every caveat in order.
  union {
    methods @0 :List(UInt16);
    # Only these method ordinals remain granted (intersected with what came before).
    expiresAt @1 :UInt64;
    # Refused after this instant, in milliseconds since the Unix epoch.
  }
}
