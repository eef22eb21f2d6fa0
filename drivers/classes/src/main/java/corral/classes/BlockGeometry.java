package corral.classes;

import corral.runtime.rpc.RpcException;

/**
 * The shape of a block device ({@code Info} in block.capnp), and the checks every block driver
 * makes on a request before touching a byte, with the errors block.capnp promises: a request
 * outside the device, a write that is not whole blocks, a write to a read-only device.
 */
public record BlockGeometry(int blockSize, long blockCount, boolean readOnly) {
  public BlockGeometry {
    if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "block size " + blockSize + " is not a power of two of at least 512");
    }
    if (blockCount < 0) {
      throw new IllegalArgumentException("block count " + blockCount + " is negative");
    }
  }

  /**
   * The geometry of a device of {@code size} bytes in blocks of {@code blockSize}.
   *
   * @throws IllegalArgumentException "size 1000 is not a whole number of 512-byte blocks", or a
   *     block size that is not a power of two of at least 512
   */
  public static BlockGeometry ofBytes(long size, long blockSize, boolean readOnly) {
    if (blockSize < 512 || blockSize > (1 << 30) || Long.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "block size " + blockSize + " is not a power of two of at least 512");
    }
    if (size % blockSize != 0) {
      throw new IllegalArgumentException(
          "size " + size + " is not a whole number of " + blockSize + "-byte blocks");
    }
    return new BlockGeometry((int) blockSize, size / blockSize, readOnly);
  }

  /** The device's size in bytes. */
  public long bytes() {
    return blockCount * blockSize;
  }

  /** Fills in the results of {@code Block.info}. */
  public void writeTo(BlockClass.Info.Builder info) {
    info.setBlockSize(blockSize);
    info.setBlockCount(blockCount);
    info.setReadOnly(readOnly);
  }

  /**
   * The byte offset of a read of {@code count} blocks at {@code block}.
   *
   * @throws RpcException (failed) "block 8191 + 16 exceeds device size 8192 blocks"
   */
  public long read(long block, long count) {
    if (block < 0 || count < 0 || block > blockCount || count > blockCount - block) {
      throw RpcException.failed(
          "block "
              + Long.toUnsignedString(block)
              + " + "
              + Long.toUnsignedString(count)
              + " exceeds device size "
              + blockCount
              + " blocks");
    }
    return block * blockSize;
  }

  /**
   * The byte offset of a write of {@code length} bytes at {@code block}.
   *
   * @throws RpcException (failed) when the device is read-only, {@code length} is not whole blocks,
   *     or the blocks exceed the device
   */
  public long write(long block, long length) {
    if (readOnly) {
      throw RpcException.failed(
          "device is read-only: write of block " + Long.toUnsignedString(block) + " refused");
    }
    if (length % blockSize != 0) {
      throw RpcException.failed(
          "write of " + length + " bytes is not a whole number of " + blockSize + "-byte blocks");
    }
    return read(block, length / blockSize);
  }

  /**
   * Reads {@code count} blocks at {@code block} of a device whose contents are {@code contents}
   * (memory, a register window), checked as {@link #read(long, long)} checks them.
   */
  public byte[] read(java.lang.foreign.MemorySegment contents, long block, long count) {
    return contents
        .asSlice(read(block, count), count * blockSize)
        .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
  }

  /** Writes {@code data} at {@code block} of {@code contents}, checked as {@link #write} checks. */
  public void write(java.lang.foreign.MemorySegment contents, long block, byte[] data) {
    java.lang.foreign.MemorySegment.copy(
        data,
        0,
        contents,
        java.lang.foreign.ValueLayout.JAVA_BYTE,
        write(block, data.length),
        data.length);
  }
}
