package corral.drivers.ramdisk;

import corral.classes.BlockClass.Block;
import corral.classes.BlockGeometry;
import corral.runtime.component.Driver;
import corral.runtime.component.DriverContext;
import corral.runtime.component.DriverProvider;
import java.lang.foreign.MemorySegment;

/** A block device in off-heap memory; its contents live as long as the instance. */
public final class RamDisk extends Block.Server {
  /** The descriptor the kernel finds through ServiceLoader. */
  public static final class Provider implements DriverProvider {
    @Override
    public Driver driver() {
      return Driver.named("ramdisk", RamDisk::new)
          .summary("a block device in off-heap memory, zero-filled, gone when unplugged")
          .offers(Block.class)
          .bytes("size", "64M", "capacity in bytes, whole blocks", 4096, 1L << 40)
          .integer("blockSize", 512, "bytes per block, a power of two", 512, 65536)
          .build();
    }
  }

  private final BlockGeometry geometry;
  private final MemorySegment memory;

  public RamDisk(DriverContext ctx) {
    super(true); // calls run concurrently
    var config = ctx.config();
    geometry = BlockGeometry.ofBytes(config.bytes("size"), config.integer("blockSize"), false);
    memory = ctx.arena().allocate(geometry.bytes(), 4096);
    ctx.inherit(memory); // the contents of the instance this one replaces (corral swap)
    ctx.handOver(memory); // to a successor
  }

  @Override
  protected void info(Block.InfoParams.Reader p, Block.InfoResults.Builder r) {
    geometry.writeTo(r.initInfo());
  }

  @Override
  protected void read(Block.ReadParams.Reader p, Block.ReadResults.Builder r) {
    r.setData(geometry.read(memory, p.getBlock(), Integer.toUnsignedLong(p.getCount())));
  }

  @Override
  protected void write(Block.WriteParams.Reader p, Block.WriteResults.Builder r) {
    geometry.write(memory, p.getBlock(), p.getData().toArray());
  }

  @Override
  protected void flush(Block.FlushParams.Reader p, Block.FlushResults.Builder r) {}
}
