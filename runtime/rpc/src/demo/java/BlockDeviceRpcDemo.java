import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import demo.blockdev.BlockDev;
import demo.blockdev.BlockDev.BlockDevice;
import java.nio.ByteBuffer;

/**
 * The RPC demo: a RAM block device served with the generated {@code BlockDevice.Server} skeleton
 * in one process, called through the generated {@code BlockDevice.Client} stub from another, over
 * a unix socket and the standard Cap'n Proto RPC protocol.
 *
 * <p>usage: BlockDeviceRpcDemo serve unix:/path.sock | call unix:/path.sock
 */
public final class BlockDeviceRpcDemo {
  private static final int BLOCK = 512;
  private static final int BLOCKS = 64;

  /** 64 blocks of 512 bytes in memory. */
  static final class RamDisk extends BlockDevice.Server {
    private final byte[] bytes = new byte[BLOCK * BLOCKS];

    @Override
    protected void geometry(
        BlockDevice.GeometryParams.Reader params, BlockDevice.GeometryResults.Builder results) {
      BlockDev.Geometry.Builder g = results.initGeometry();
      g.setBlockCount(BLOCKS);
      g.setMedium(BlockDev.Medium.RAM);
      g.setLabel("ram0");
    }

    @Override
    protected void read(
        BlockDevice.ReadParams.Reader params, BlockDevice.ReadResults.Builder results) {
      long block = params.getBlock();
      int count = params.getCount();
      check(block, count);
      byte[] out = new byte[count * BLOCK];
      System.arraycopy(bytes, (int) block * BLOCK, out, 0, out.length);
      results.setData(out);
    }

    @Override
    protected void write(
        BlockDevice.WriteParams.Reader params, BlockDevice.WriteResults.Builder results) {
      byte[] data = params.getData().toArray();
      if (data.length % BLOCK != 0) {
        throw RpcException.failed(
            "write of " + data.length + " bytes is not a whole number of " + BLOCK + "-byte blocks");
      }
      check(params.getBlock(), data.length / BLOCK);
      System.arraycopy(data, 0, bytes, (int) params.getBlock() * BLOCK, data.length);
    }

    private static void check(long block, long count) {
      if (block < 0 || count < 0 || block + count > BLOCKS) {
        throw RpcException.failed(
            "block " + block + " + " + count + " exceeds device size " + BLOCKS + " blocks");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "serve" -> {
        try (Vat.Listener listener = Vat.serve(args[1], new RamDisk())) {
          System.out.println("serving ram0 on " + listener.address());
          listener.awaitClosed(); // until the demo kills us
        }
      }
      case "call" -> call(args[1]);
      default -> throw new IllegalArgumentException("usage: serve ADDRESS | call ADDRESS");
    }
  }

  private static void call(String address) {
    try (RpcConnection connection = Vat.connect(address);
        BlockDevice.Client disk = connection.bootstrap(BlockDevice.Client::new)) {
      try (var geometry = disk.geometry()) {
        BlockDev.Geometry.Reader g = geometry.join().getGeometry();
        System.out.printf(
            "geometry(): %d blocks of %d bytes, %s, \"%s\"%n",
            g.getBlockCount(), g.getBlockSize(), g.getMedium(), g.getLabel());
      }
      byte[] block = new byte[BLOCK];
      ByteBuffer.wrap(block).put("hello from another process".getBytes());
      try (var write =
          disk.write(
              p -> {
                p.setBlock(3);
                p.setData(block);
              })) {
        write.join();
        System.out.println("write(block = 3): ok");
      }
      try (var read =
          disk.read(
              p -> {
                p.setBlock(3);
                p.setCount(1);
              })) {
        String text = new String(read.join().getData().toArray()).strip().replace("\0", "");
        System.out.println("read(block = 3): \"" + text + "\"");
      }
      try (var outside =
          disk.read(
              p -> {
                p.setBlock(63);
                p.setCount(2);
              })) {
        outside.join();
      } catch (RpcException e) {
        System.out.println("read(block = 63, count = 2): " + e.getMessage());
      }
    }
  }
}
