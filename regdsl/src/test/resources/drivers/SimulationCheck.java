package corral.devices;

import corral.regdsl.window.FakeRegisterFile;
import corral.regdsl.window.RegisterWindow;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Drivers written against the generated classes, run on a FakeRegisterFile that simulates the
 * effects of the descriptions, with the test playing the device through hooks. Compiled and run by
 * SimulatedDeviceTest; each method throws AssertionError naming what went wrong.
 */
public final class SimulationCheck {
  private SimulationCheck() {}

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /** A receive loop drains a FIFO the device model feeds through RBR's read hook. */
  public static String uartReceiveLoopDrainsTheFifo(FakeRegisterFile regs) {
    var uart = Uart16550.bind(regs);
    var fifo = new ArrayDeque<Integer>();
    for (byte b : "hello".getBytes()) {
      fifo.add(b & 0xff);
    }
    regs.set("LSR", 0x61);
    regs.onRead(
        "RBR",
        stored -> {
          int next = fifo.isEmpty() ? 0 : fifo.poll();
          regs.set("LSR", fifo.isEmpty() ? 0x60 : 0x61);
          return next;
        });
    var got = new ByteArrayOutputStream();
    while (uart.lsr().take().dataReady()) {
      got.write((int) uart.rbr().take().value());
    }
    return got.toString();
  }

  /** LSR's error bits are rc: the first take() sees them, the next one does not. */
  public static List<Integer> uartLineStatusErrorsClearWhenRead(FakeRegisterFile regs) {
    var uart = Uart16550.bind(regs);
    regs.set("LSR", 0x60 | 0x1E | 0x80);
    var first = uart.lsr().take();
    var second = uart.lsr().take();
    return List.of((int) first.raw(), (int) second.raw(), (int) regs.value("LSR"));
  }

  /**
   * LSR's error bits taken twice after the device side stored 0xFE there: cleared by the second
   * take only where the fake simulates effects.
   */
  public static List<Integer> uartLineStatusTakenTwice(FakeRegisterFile regs) {
    var uart = Uart16550.bind(regs);
    regs.writeU8(5, 0xFE);
    return List.of((int) uart.lsr().take().raw(), (int) uart.lsr().take().raw());
  }

  /** A driver that extends the generated class instead of holding a bound device. */
  static final class ExtendingUartDriver extends Uart16550 {
    ExtendingUartDriver(RegisterWindow window) {
      super(window);
    }

    int errorsThenStatus() {
      int first = (int) lsr().take().raw();
      int second = (int) lsr().take().raw();
      return first << 8 | second;
    }
  }

  /** Extending the generated class gets the same simulation as binding it. */
  public static List<Integer> uartExtendingDriverIsSimulated(FakeRegisterFile regs) {
    var driver = new ExtendingUartDriver(regs);
    regs.set("LSR", 0x60 | 0x1E | 0x80);
    int both = driver.errorsThenStatus();
    return List.of(both >> 8, both & 0xff, (int) regs.value("LSR"));
  }

  /** THR shares offset 0 with RBR: writing it does not change what RBR reads. */
  public static List<Long> uartTransmitDoesNotOverwriteTheReceiveBuffer(FakeRegisterFile regs) {
    var uart = Uart16550.bind(regs);
    var sent = new ArrayList<Long>();
    regs.onWrite("THR", sent::add);
    regs.set("RBR", 0x55);
    uart.thr().write('A');
    uart.thr().write('B');
    sent.add(uart.rbr().take().value());
    sent.add(regs.value("THR"));
    return sent;
  }

  /** The divisor latch has its own bytes: setting it does not change RBR or IER. */
  public static List<Long> uartDivisorLatchIsBankedStorage(FakeRegisterFile regs) {
    var uart = Uart16550.bind(regs);
    regs.set("RBR", 0x11);
    uart.ier().write(v -> v.rdi(true));
    uart.latch(l -> l.divisor(0x0C));
    long[] divisor = new long[1];
    uart.latch(l -> divisor[0] = l.divisor());
    return List.of(
        divisor[0],
        regs.value("DLL"),
        regs.value("DLM"),
        uart.rbr().take().value(),
        uart.ier().read().raw(),
        uart.lcr().read().raw());
  }

  /** IRQ_STATUS is w1c: ack(seen) clears exactly the flags seen, a flag raised since stays. */
  public static List<Long> dmaAckClearsOnlyTheFlagsSeen(FakeRegisterFile regs) {
    var dma = DmaController.bind(regs);
    regs.set("IRQ_STATUS", 0x0000_0031L);
    var seen = dma.irqStatus().read();
    regs.set("IRQ_STATUS", 0x0000_0033L); // channel 1 finishes meanwhile
    dma.irqStatus().ack(seen);
    return List.of(seen.raw(), regs.value("IRQ_STATUS"));
  }

  /**
   * STATUS: modify leaves the w1c 'halted' flag set (it writes it as 0) and does not touch the
   * read-only 'busy' bits; setting halted in modify clears it.
   */
  public static List<Long> dmaModifyNeverClearsAFlagByAccident(FakeRegisterFile regs) {
    var dma = DmaController.bind(regs);
    var written = new ArrayList<Long>();
    regs.onWrite("STATUS", written::add);
    regs.set("STATUS", 0x1F);
    dma.status().modify(v -> v.priority(2));
    long afterPriority = regs.value("STATUS");
    dma.status().modify(v -> v.halted(true));
    return List.of(written.get(0), afterPriority, written.get(1), regs.value("STATUS"));
  }

  /** A command register's write reaches the device model, which reacts by changing STATUS. */
  public static List<Long> dmaCommandTriggersTheDeviceModel(FakeRegisterFile regs) {
    var dma = DmaController.bind(regs);
    regs.onWrite(
        "CH[2].CMD",
        cmd -> {
          if ((cmd & 1) != 0) {
            regs.set("STATUS", regs.value("STATUS") | (1L << 2));
          }
        });
    dma.ch(2).cmd().write(v -> v.start(true));
    return List.of(dma.status().read().busy(), regs.value("CH[2].CMD"));
  }

  /** A hook on a name the device does not have is refused with the names it has. */
  public static String unknownRegisterNamesAreRefused(FakeRegisterFile regs) {
    Uart16550.bind(regs);
    try {
      regs.onRead("THR", stored -> stored);
      throw new AssertionError("a read hook on write-only THR was accepted");
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
