package corral.regdsl.bench;

import corral.regdsl.bench.devices.DmaController;
import corral.regdsl.bench.devices.Uart16550;
import corral.regdsl.window.FakeRegisterFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generated accessors against hand-written VarHandle code doing the same loads and stores on the
 * same memory. Each pair ({@code generatedX} / {@code handWrittenX}) performs an identical register
 * sequence; the target is generated ≤ 1.1 × hand-written.
 *
 * <p>How each side holds its registers, as a driver would: the hand-written driver is this object,
 * with the segment in a field ({@code u}, {@code d}); the generated driver is a {@link UartDriver}
 * / {@link DmaDriver} object that extends the generated class, so the segment is a field of the
 * driver too. JMH hands both the same way (a state object in a register), so neither side gets a
 * link the other lacks. {@code boundX} is the other generated form, a driver holding a device made
 * by {@code bind}: one object more between driver and segment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AccessorBenchmark {
  private static final VarHandle U8 = ValueLayout.JAVA_BYTE.varHandle();
  private static final VarHandle U32 =
      ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

  private FakeRegisterFile uartRegs;
  private FakeRegisterFile dmaRegs;
  private Uart16550 uart;
  private DmaController dma;
  private MemorySegment u;
  private MemorySegment d;
  private int ch = 1;

  /** The segment behind one more object, the way a generated driver holds its device. */
  private record Holder(MemorySegment regs) {}

  private Holder held;

  @Setup
  public void setUp() {
    uartRegs = FakeRegisterFile.withoutEffects("bench-uart", 8);
    dmaRegs = FakeRegisterFile.withoutEffects("bench-dma", 0x200);
    uartRegs.writeU8(5, 0x60);
    uart = Uart16550.bind(uartRegs);
    dma = DmaController.bind(dmaRegs);
    u = uartRegs.segment();
    d = dmaRegs.segment();
    held = new Holder(u);
  }

  @TearDown
  public void tearDown() {
    uartRegs.close();
    dmaRegs.close();
  }

  /** A UART driver that extends the generated class: it holds the segment itself. */
  @State(Scope.Thread)
  public static class UartDriver extends Uart16550 {
    private final FakeRegisterFile window;

    public UartDriver() {
      this(FakeRegisterFile.withoutEffects("bench-uart-driver", 8));
    }

    private UartDriver(FakeRegisterFile window) {
      super(window);
      this.window = window;
      window.writeU8(5, 0x60);
    }

    /** LCR read-modify-write (selector kept), one THR write, one LSR take. */
    boolean sequence() {
      lcr().modify(v -> v.wordLength(Uart16550.WordLength.BITS8).stop(true));
      thr().write('x');
      return lsr().take().thrEmpty();
    }

    @TearDown
    public void close() {
      window.close();
    }
  }

  /** A DMA driver that extends the generated class. */
  @State(Scope.Thread)
  public static class DmaDriver extends DmaController {
    private final FakeRegisterFile window;
    private int ch = 1;

    public DmaDriver() {
      this(FakeRegisterFile.withoutEffects("bench-dma-driver", 0x200));
    }

    private DmaDriver(FakeRegisterFile window) {
      super(window);
      this.window = window;
    }

    /** STATUS modify with w1c masking, a channel CFG write, an IRQ_STATUS read and ack. */
    long sequence() {
      status().modify(v -> v.priority(2));
      ch(ch).cfg().write(v -> v.direction(DmaController.Direction.DEV_TO_MEM).burst(3).irq(true));
      var seen = irqStatus().read();
      irqStatus().ack(seen);
      return seen.done();
    }

    @TearDown
    public void close() {
      window.close();
    }
  }

  /** LCR read-modify-write (selector kept), one THR write, one LSR take. */
  @Benchmark
  public boolean generatedUartSequence(UartDriver driver) {
    return driver.sequence();
  }

  /** The same, by a driver holding a device object made by {@code bind}. */
  @Benchmark
  public boolean boundUartSequence() {
    uart.lcr().modify(v -> v.wordLength(Uart16550.WordLength.BITS8).stop(true));
    uart.thr().write('x');
    return uart.lsr().take().thrEmpty();
  }

  @Benchmark
  public boolean handWrittenUartSequence() {
    int lcr = Byte.toUnsignedInt((byte) U8.getVolatile(u, 3L));
    int next = (lcr & ~0x07) | 0x03 | 0x04;
    U8.setVolatile(u, 3L, (byte) ((next & ~0x80) | (lcr & 0x80)));
    U8.setVolatile(u, 0L, (byte) 'x');
    return (Byte.toUnsignedInt((byte) U8.getVolatile(u, 5L)) & 0x20) != 0;
  }

  /**
   * Diagnostic: the hand-written UART sequence with the segment behind one more object, as in a
   * driver holding a bound device object. It costs what {@code boundUartSequence} costs over the
   * baseline.
   */
  @Benchmark
  public boolean handWrittenViaHolderUartSequence() {
    int lcr = Byte.toUnsignedInt((byte) U8.getVolatile(held.regs(), 3L));
    int next = (lcr & ~0x07) | 0x03 | 0x04;
    U8.setVolatile(held.regs(), 3L, (byte) ((next & ~0x80) | (lcr & 0x80)));
    U8.setVolatile(held.regs(), 0L, (byte) 'x');
    return (Byte.toUnsignedInt((byte) U8.getVolatile(held.regs(), 5L)) & 0x20) != 0;
  }

  /**
   * Diagnostic: the holder's segment read once into a local. Each volatile access is a barrier
   * after which the JIT reloads every field; with the segment in a local there is nothing of the
   * holder left to reload. If this runs at the baseline's speed, the holder's cost is the reload of
   * {@code held.regs} after each access, not the holder as such.
   */
  @Benchmark
  public boolean handWrittenViaHolderLocalUartSequence() {
    MemorySegment regs = held.regs();
    int lcr = Byte.toUnsignedInt((byte) U8.getVolatile(regs, 3L));
    int next = (lcr & ~0x07) | 0x03 | 0x04;
    U8.setVolatile(regs, 3L, (byte) ((next & ~0x80) | (lcr & 0x80)));
    U8.setVolatile(regs, 0L, (byte) 'x');
    return (Byte.toUnsignedInt((byte) U8.getVolatile(regs, 5L)) & 0x20) != 0;
  }

  /** STATUS modify with w1c masking, a channel CFG write, an IRQ_STATUS read and ack. */
  @Benchmark
  public long generatedDmaSequence(DmaDriver driver) {
    return driver.sequence();
  }

  /** The same, by a driver holding a device object made by {@code bind}. */
  @Benchmark
  public long boundDmaSequence() {
    dma.status().modify(v -> v.priority(2));
    dma.ch(ch)
        .cfg()
        .write(v -> v.direction(DmaController.Direction.DEV_TO_MEM).burst(3).irq(true));
    var seen = dma.irqStatus().read();
    dma.irqStatus().ack(seen);
    return seen.done();
  }

  @Benchmark
  public long handWrittenDmaSequence() {
    long status = Integer.toUnsignedLong((int) U32.getVolatile(d, 0x10L));
    U32.setVolatile(d, 0x10L, (int) (((status & ~0x10L) & ~0x60L) | (2L << 5)));
    long cfgOffset = 0x100L + ch * 0x40L + 0x18L;
    U32.setVolatile(d, cfgOffset, (int) (2L | (3L << 2) | 0x40L));
    long seen = Integer.toUnsignedLong((int) U32.getVolatile(d, 0x08L));
    // ack(seen): the w1c flags seen and the preserve bits [31:8] as read
    U32.setVolatile(d, 0x08L, (int) (seen & (0xffL | 0xffffff00L)));
    return seen & 0xfL;
  }
}
