package corral.drivers.nullblock;

import corral.classes.BlockClass.Block;
import corral.classes.BlockGeometry;
import corral.runtime.component.Driver;
import corral.runtime.component.DriverContext;
import corral.runtime.component.DriverProvider;

/**
 * A block device that completes every request and stores nothing: reads return zeroes, writes are
 * checked and dropped. The baseline of every block benchmark (the cost of the path, not the disk).
 */
public final class NullBlock extends Block.Server {
  /** The descriptor the kernel finds through ServiceLoader. */
  public static final class Provider implements DriverProvider {
    @Override
    public Driver driver() {
      return Driver.named("null", NullBlock::new)
          .summary("completes every request; reads return zeroes, writes are dropped")
          .offers(Block.class)
          .bytes("size", "1T", "the size it claims, whole blocks", 4096, 1L << 50)
          .integer("blockSize", 512, "bytes per block, a power of two", 512, 65536)
          .matches("null", "/dev/null{n}")
          .build();
    }
  }

  private final BlockGeometry geometry;

  public NullBlock(DriverContext ctx) {
    super(true);
    geometry =
        BlockGeometry.ofBytes(ctx.config().bytes("size"), ctx.config().integer("blockSize"), false);
  }

  @Override
  protected void info(Block.InfoParams.Reader p, Block.InfoResults.Builder r) {
    geometry.writeTo(r.initInfo());
  }

  @Override
  protected void read(Block.ReadParams.Reader p, Block.ReadResults.Builder r) {
    geometry.read(p.getBlock(), Integer.toUnsignedLong(p.getCount()));
    r.setData(new byte[Math.multiplyExact(p.getCount(), geometry.blockSize())]);
  }

  @Override
  protected void write(Block.WriteParams.Reader p, Block.WriteResults.Builder r) {
    geometry.write(p.getBlock(), p.getData().size());
  }

  @Override
  protected void flush(Block.FlushParams.Reader p, Block.FlushResults.Builder r) {}
}
