@0xf19701d8eee19789;
# The Block device class: a device of fixed-size blocks, numbered from 0, that a client reads and
# writes whole blocks of. Every block driver (null, ramdisk; later filedisk, vblk) offers it, and
# every block client (the NBD export, a file system, `corral call`) depends on this file only,
# never on a driver.
#
# Comments are written from the caller's side. Failures are Cap'n Proto exceptions: a request
# outside the device, of a length that is not whole blocks, or a write to a read-only device fails
# with kind `failed` and a reason that carries the offending values, e.g.
#   "block 8191 + 16 exceeds device size 8192 blocks"
#   "write of 1000 bytes is not a whole number of 512-byte blocks"
#   "device is read-only: write of block 3 refused"
# Nothing of a failed request has happened: a refused write wrote no block. A request that the
# driver could not complete (its host died) fails `disconnected`; restore the capability again
# and repeat what is safe to repeat: the methods marked `$Corral.idempotent` (info, read, flush),
# which the Java client library's restoring references repeat by themselves. A write is not so
# marked: repeated after another client's write to the same blocks, it would undo that one.

using Java = import "/capnp/java.capnp";
using Corral = import "/capnp/corral.capnp";
$Java.package("corral.classes");
$Java.outerClassname("BlockClass");

struct Info {
  # What a block device is; fixed for the life of an instance.

  blockSize @0 :UInt32;
  # Bytes per block (a power of two, at least 512). Reads and writes move whole blocks.

  blockCount @1 :UInt64;
  # Blocks on the device: valid block numbers are 0 .. blockCount - 1.

  readOnly @2 :Bool;
  # When true every write fails (with "device is read-only: ..."); reads and flush work.
}

interface Block {
  # A block device instance. Calls through one reference run in the order made; a driver may run
  # calls of different references concurrently, so a client that needs a read to see its own
  # write must wait for the write's answer first.

  info @0 () -> (info :Info) $Corral.idempotent;
  # The device's block size, block count and whether it is read-only. Cheap; never fails for a
  # live instance.

  read @1 (block :UInt64, count :UInt32) -> (data :Data) $Corral.idempotent;
  # Reads `count` blocks starting at block `block`: `data` is `count * blockSize` bytes. Blocks
  # never written read as zeroes. Fails when `block + count` exceeds the block count
  # ("block 8191 + 16 exceeds device size 8192 blocks"). A count of 0 returns no data.

  write @2 (block :UInt64, data :Data) -> ();
  # Writes `data`, a whole number of blocks, starting at block `block`. When it returns, a read
  # through any reference sees the new contents; whether they survive a power loss is what
  # `flush` promises. Fails, writing nothing, when the device is read-only, when `data` is not a
  # whole number of blocks, or when the blocks exceed the device.

  flush @3 () -> () $Corral.idempotent;
  # Returns once every write answered before this call was made is durable (for a RAM disk:
  # at once, since its contents never outlive the instance).
}
