# A block device, as a Corral driver would declare it. The demo compiles this file with the
# standalone capnpc-corral plugin and exchanges messages with the reference `capnp` tool.
@0xe3f1c6b9a2d48f01;

using Java = import "/capnp/java.capnp";
$Java.package("demo.blockdev");
$Java.outerClassname("BlockDev");

enum Medium {
  # What backs the device.
  ram @0;
  file @1;
  nbd @2;
}

struct Geometry {
  # Size and shape of a block device.
  blockSize @0 :UInt32 = 512;   # bytes per block
  blockCount @1 :UInt64;        # number of blocks
  medium @2 :Medium = file;
  label @3 :Text = "unnamed";
  readOnly @4 :Bool;
}

struct Request {
  # One I/O request, as a client would queue it.
  tag @0 :UInt32;
  union {
    read :group {
      block @1 :UInt64;
      count @2 :UInt32 = 1;
    }
    write :group {
      block @3 :UInt64;
      data @4 :Data;
    }
    flush @5 :Void;
  }
}

struct Batch {
  requests @0 :List(Request);
  geometry @1 :Geometry;
  notes @2 :List(Text);
}

interface BlockDevice {
  # The interface a block driver offers.
  geometry @0 () -> (geometry :Geometry);
  # The device's size and shape.
  read @1 (block :UInt64, count :UInt32) -> (data :Data);
  # Reads `count` blocks starting at `block`.
  write @2 (block :UInt64, data :Data) -> ();
  # Writes whole blocks starting at `block`.
}
