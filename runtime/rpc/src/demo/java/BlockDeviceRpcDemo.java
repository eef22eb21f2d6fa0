import corral.runtime.rpc.Results;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.Vat;
import demo.blockdev.BlockDev;
import demo.blockdev.BlockDev.BlockDevice;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        throw new IllegalArgumentException(
            "write of " + data.length + " bytes is not a whole number of " + BLOCK + "-byte blocks");
      }
      check(params.getBlock(), data.length / BLOCK);
      System.arraycopy(data, 0, bytes, (int) params.getBlock() * BLOCK, data.length);
    }

    private static void check(long block, long count) {
      if (block < 0 || count < 0 || block + count > BLOCKS) {
        throw new IllegalArgumentException(
            "block " + block + " + " + count + " exceeds device size " + BLOCKS + " blocks");
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int status = 0;
    try (Vat vat = new Vat(1)) {
      switch (args[0]) {
        case "serve" -> {
          try (Vat.Listener l = vat.listen(args[1], () -> BlockDevice.Client.of(new RamDisk()))) {
            System.out.println("serving ram0 on " + l.address());
            new CountDownLatch(1).await(60, TimeUnit.SECONDS); // the demo kills us sooner
          }
        }
        case "call" -> status = call(vat, args[1]);
        default -> throw new IllegalArgumentException("usage: serve ADDRESS | call ADDRESS");
      }
    }
    System.exit(status);
  }

  private static int call(Vat vat, String address) throws Exception {
    RpcConnection connection = vat.connect(address, null).get(10, TimeUnit.SECONDS);
    try (BlockDevice.Client disk = new BlockDevice.Client(connection.bootstrap())) {
      try (Results<BlockDevice.GeometryResults.Reader> r = disk.geometry().join()) {
        BlockDev.Geometry.Reader g = r.get().getGeometry();
        System.out.printf(
            "geometry(): %d blocks of %d bytes, %s, \"%s\"%n",
            g.getBlockCount(), g.getBlockSize(), g.getMedium(), g.getLabel());
      }
      byte[] block = new byte[BLOCK];
      ByteBuffer.wrap(block).put("hello from another process".getBytes());
      disk.write(
              p -> {
                p.setBlock(3);
                p.setData(block);
              })
          .join()
          .close();
      System.out.println("write(block = 3): ok");
      try (Results<BlockDevice.ReadResults.Reader> r =
          disk.read(
                  p -> {
                    p.setBlock(3);
                    p.setCount(1);
                  })
              .join()) {
        String text = new String(r.get().getData().toArray()).strip().replace("\0", "");
        System.out.println("read(block = 3): \"" + text + "\"");
      }
      try {
        disk.read(
                p -> {
                  p.setBlock(63);
                  p.setCount(2);
                })
            .join()
            .close();
      } catch (RuntimeException e) {
        System.out.println("read(block = 63, count = 2): " + rootMessage(e));
      }
    } finally {
      connection.close();
    }
    return 0;
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
