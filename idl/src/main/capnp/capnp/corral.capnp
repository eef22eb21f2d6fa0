# Annotations of Corral's RPC semantics, read by capnpc-corral.
#
#   using Corral = import "/capnp/corral.capnp";
#   interface Block {
#     read @1 (block :UInt64, count :UInt32) -> (data :Data) $Corral.idempotent;
#   }
@0xeac140ae5abb16b9;

using Java = import "/capnp/java.capnp";
$Java.package("corral.capnp");
$Java.outerClassname("CorralAnnotations");

annotation idempotent @0xca7b40893fca60f3 (method) : Void;
# Running the method twice has the effect of running it once (a read, a flush, a write of given
# data to a given place). A client that lost its connection while such a call was outstanding may
# send it again to the object's new server without knowing whether the first one ran; other calls
# are sent again only when the server said they were not delivered. The generator emits each
# interface's idempotent methods as `Foo.IDEMPOTENCE` (a corral.runtime.rpc.Idempotence).
