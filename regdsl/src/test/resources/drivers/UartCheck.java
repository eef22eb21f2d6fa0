package corral.devices;

import corral.regdsl.window.RegisterWindow;

/**
 * Drives the generated Uart16550 class against a window and checks the bytes it leaves there.
 * Compiled and run by JavaGeneratorTest; throws AssertionError naming the first wrong byte.
 */
public final class UartCheck {
  private UartCheck() {}

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  static void expect(RegisterWindow w, long offset, int value, String what) {
    int got = w.readU8(offset);
    check(got == value, what + ": byte at " + offset + " is 0x" + Integer.toHexString(got)
        + ", expected 0x" + Integer.toHexString(value));
  }

  public static void run(RegisterWindow w) {
    var uart = Uart16550.bind(w);

    uart.lcr().write(v -> v.wordLength(Uart16550.WordLength.BITS8).stop(true));
    expect(w, 3, 0x07, "write starts from the reset value");

    uart.latch(l -> l.divisor(0x1234));
    expect(w, 0, 0x34, "DLL inside the latch scope");
    expect(w, 1, 0x12, "DLM inside the latch scope");
    expect(w, 3, 0x07, "the latch scope restores DLAB");

    long[] divisor = new long[1];
    uart.latch(l -> divisor[0] = l.divisor());
    check(divisor[0] == 0x1234, "divisor reads back, got " + divisor[0]);

    w.writeU8(3, 0x83);
    uart.lcr().modify(v -> v.setBreak(true));
    expect(w, 3, 0xC3, "modify keeps the other fields and the selector");
    uart.lcr().write(v -> v);
    expect(w, 3, 0x80, "write keeps the bank selector, which only scopes change");
    w.writeU8(3, 0x03);

    try {
      uart.latch(l -> {
        throw new IllegalStateException("driver bug");
      });
      check(false, "the exception escapes the scope");
    } catch (IllegalStateException expected) {
      expect(w, 3, 0x03, "the scope restores DLAB when its body throws");
    }

    w.writeU8(5, 0x61);
    var lsr = uart.lsr().take();
    check(lsr.dataReady() && lsr.thrEmpty() && lsr.transmitterEmpty(), "LSR flags");
    check(!lsr.overrunError(), "no overrun");
    check((lsr.raw() & Uart16550.Lsr.Value.BRK_ERROR_BITS) == 0, "no break or error bits");
    check(Uart16550.Lsr.Value.BRK_ERROR_BITS == 0x1E, "BRK_ERROR_BITS");

    uart.thr().write('A');
    expect(w, 0, 'A', "THR");
    try {
      uart.thr().write(256);
      check(false, "THR accepts 256");
    } catch (IllegalArgumentException e) {
      check(e.getMessage().equals("THR takes 0..255, not 256"), e.getMessage());
    }

    uart.ier().write(new Uart16550.Ier.Value(0xff));
    expect(w, 1, 0x0f, "IER reserved bits are written as 0 whatever the value says");

    w.writeU8(2, 0xC4);
    var iir = uart.iir().take();
    check(iir.id().orElseThrow() == Uart16550.InterruptId.RDI, "IIR id");
    check(iir.fifos() == 3 && !iir.noInt(), "IIR fifos");
    w.writeU8(2, 0x0A);
    var odd = uart.iir().take();
    check(odd.id().isEmpty() && odd.idCode() == 5, "an unnamed code is empty, with its raw code");

    uart.fcr().write(v -> v.enableFifo(true).clearRcvr(true).rxTrigger(Uart16550.RxTrigger.BYTES14));
    expect(w, 2, 0xC3, "FCR");
  }
}
