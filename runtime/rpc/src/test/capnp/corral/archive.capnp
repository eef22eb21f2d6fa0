# A tape archive, spoken by the tests of dynamic calls (DynamicClientTest): its types cover what
# the text format must carry through a call — structs nested in structs, lists of structs, text,
# enums, unions, groups, Data, floats, defaults, a capability in results — and it inherits a
# method from another interface.
@0xe9c80e0705e6d69f;

using Java = import "/capnp/java.capnp";
$Java.package("corral.runtime.rpc.test");
$Java.outerClassname("ArchiveSchema");

enum Medium {
  # What a volume is made of.
  disk @0;
  tape @1;
  flash @2;
}

struct Geometry {
  blockSize @0 :UInt32 = 512;
  blocks @1 :UInt64;
}

struct Volume {
  # One volume of the archive.
  label @0 :Text;
  medium @1 :Medium;
  geometry @2 :Geometry;
  tags @3 :List(Text);
  serial @4 :Data;
  place :union {
    # Where the volume is.
    shelved @5 :Location;
    mounted @6 :Text;
    lost @7 :Void;
  }
  health :group {
    errors @8 :UInt32;
    wear @9 :Float32;
  }

  struct Location {
    row @0 :UInt16;
    slot @1 :UInt16;
  }
}

interface Described {
  # Something that can say what it is.
  describe @0 () -> (text :Text, version :UInt16);
}

interface Archive extends(Described) {
  # Volumes by id. Inherits describe from Described.

  store @0 (volume :Volume, copies :UInt8 = 1) -> (id :UInt64, stored :Volume);
  # Keeps the volume and returns its new id (from 1) and the volume as kept.

  find @1 (media :List(Medium), minBlocks :UInt64) -> (volumes :List(Volume));
  # The volumes on one of the given media with at least minBlocks blocks, in store order.

  checksum @2 (data :Data, seed :UInt32) -> (sum :UInt32, reversed :Data);
  # The sum of the bytes plus seed, and the bytes in reverse order.

  scale @3 (factor :Float64, values :List(Float32)) -> (values :List(Float32), total :Float64);
  # Each value times factor, and their sum.

  branch @4 (label :Text) -> (archive :Archive, label :Text);
  # A new empty archive (a capability in the results) with the given label.

  refuse @5 (kind :UInt8, reason :Text) -> ();
  # Fails with the given kind (0 failed, 1 overloaded, 2 disconnected, 3 unimplemented).

  echo @6 (value :Volume) -> Volume;
  # The volume as given; the results are a named struct, not a parameter list.
}
