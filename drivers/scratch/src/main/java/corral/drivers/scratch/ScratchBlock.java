package corral.drivers.scratch;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import corral.classes.BlockClass.Block;
import corral.classes.BlockGeometry;
import corral.regdsl.window.RegisterWindow;
import corral.runtime.component.Driver;
import corral.runtime.component.DriverContext;
import corral.runtime.component.DriverProvider;
import java.lang.foreign.MemorySegment;

/**
 * The driver of the test device model {@code scratch}, a device with a register window {@code regs}
 * and an event line {@code irq}: the window is served as a block device (reads and writes go to the
 * device's registers, so the device model sees them at once), and every event on the line adds its
 * raises to the 64-bit counter in the window's first 8 bytes (native order). Tests use it to show
 * that an instance is granted exactly the window and line its configuration names.
 */
public final class ScratchBlock extends Block.Server {
  /** The descriptor. */
  public static final class Provider implements DriverProvider {
    @Override
    public Driver driver() {
      return Driver.named("scratch", ScratchBlock::new)
          .summary("the scratch test device: its registers as blocks, its interrupts counted")
          .offers(Block.class)
          .window("regs", "the device's registers, whole 512-byte blocks")
          .event("irq", "the device's interrupt line")
          .matches("scratch", "/dev/scratch{n}")
          .build();
    }
  }

  private final MemorySegment regs;
  private final BlockGeometry geometry;

  public ScratchBlock(DriverContext ctx) {
    super(true);
    RegisterWindow window = ctx.window("regs");
    geometry = new BlockGeometry(512, window.length() / 512, false);
    regs = window.claim("scratch", geometry.bytes());
    ctx.onEvent(
        "irq",
        e -> {
          synchronized (regs) {
            regs.set(JAVA_LONG, 0, regs.get(JAVA_LONG, 0) + e.raises());
          }
          ctx.log().debug("{}", e);
        });
  }

  @Override
  protected void info(Block.InfoParams.Reader p, Block.InfoResults.Builder r) {
    geometry.writeTo(r.initInfo());
  }

  @Override
  protected void read(Block.ReadParams.Reader p, Block.ReadResults.Builder r) {
    r.setData(geometry.read(regs, p.getBlock(), Integer.toUnsignedLong(p.getCount())));
  }

  @Override
  protected void write(Block.WriteParams.Reader p, Block.WriteResults.Builder r) {
    geometry.write(regs, p.getBlock(), p.getData().toArray());
  }

  @Override
  protected void flush(Block.FlushParams.Reader p, Block.FlushResults.Builder r) {}
}
