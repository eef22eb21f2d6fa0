package corral.devices;

import corral.regdsl.window.RegisterWindow;

/** Drives the generated DmaController class; run by JavaGeneratorTest. */
public final class DmaCheck {
  private DmaCheck() {}

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  static void expect(RegisterWindow w, long offset, long value, String what) {
    long got = Integer.toUnsignedLong(w.readU32(offset));
    check(got == value, what + ": word at 0x" + Long.toHexString(offset) + " is 0x"
        + Long.toHexString(got) + ", expected 0x" + Long.toHexString(value));
  }

  public static void run(RegisterWindow w) {
    var dma = DmaController.bind(w);

    w.writeU32(0x00, 0x444d0401);
    var id = dma.id().read();
    check(id.magic() == 0x444d && id.channels() == 4 && id.revision() == 1, "ID fields");

    // w1c safety: modify must not write back a halted flag it merely read
    w.writeU32(0x10, 0x1F);
    dma.status().modify(v -> v.priority(2));
    expect(w, 0x10, 0x4F, "modify leaves the w1c flag at its neutral 0");
    dma.status().modify(v -> v.halted(true));
    expect(w, 0x10, 0x5F, "setting the w1c field in modify writes its 1");

    // a trigger field read as 1 is not fired again by modify
    w.writeU32(0x04, 0x2);
    dma.ctrl().modify(v -> v.enable(true));
    expect(w, 0x04, 0x1, "modify leaves the trigger at its neutral 0");

    // ack: a w1c-only register is acknowledged, not modified
    w.writeU32(0x08, 0xAB00_0031);
    var seen = dma.irqStatus().read();
    check(seen.done() == 1 && seen.error() == 3, "IRQ_STATUS fields");
    dma.irqStatus().ack(seen);
    expect(w, 0x08, 0xAB00_0031L, "ack(seen) writes back the flags seen and the preserve bits read");

    // preserve bits: modify carries them back; write(value) writes them as the value holds them
    w.writeU32(0x10, 0xCD00_0000);
    dma.status().modify(v -> v.priority(1));
    expect(w, 0x10, 0xCD00_0020L, "modify carries the preserve bits back");
    dma.status().write(dma.status().read().priority(3));
    expect(w, 0x10, 0xCD00_0060L, "write(read()...) carries the preserve bits back");

    dma.ch(2).cfg().write(v -> v.direction(DmaController.Direction.MEM_TO_DEV).burst(4).irq(true)
        .bias(-1));
    expect(w, 0x198, 0x3D1, "CFG in channel 2");
    var cfg = dma.ch(2).cfg().read();
    check(cfg.bias() == -1 && cfg.burst() == 4, "signed field reads back, got " + cfg.bias());
    check(cfg.direction().orElseThrow() == DmaController.Direction.MEM_TO_DEV, "direction");
    try {
      cfg.bias(4);
      check(false, "bias accepts 4");
    } catch (IllegalArgumentException e) {
      check(e.getMessage().equals("CFG.bias takes -4..3, not 4"), e.getMessage());
    }
    try {
      cfg.burst(16);
      check(false, "burst accepts 16");
    } catch (IllegalArgumentException e) {
      check(e.getMessage().equals("CFG.burst takes 0..15, not 16"), e.getMessage());
    }

    dma.ch(1).length(0x1_0000_0002L);
    expect(w, 0x150, 0x2, "LEN_LO");
    expect(w, 0x154, 0x1, "LEN_HI");
    check(dma.ch(1).length() == 0x1_0000_0002L, "length reads back");

    dma.ch(0).src().write(0xdead_beef_cafe_f00dL);
    check(w.readU64(0x100) == 0xdead_beef_cafe_f00dL, "64-bit SRC");

    dma.ch(3).cmd().write(v -> v.start(true));
    expect(w, 0x1DC, 0x1, "CMD start");

    dma.scratch(3).write(7);
    expect(w, 0x2C, 7, "SCRATCH[3]");
    try {
      dma.scratch(4);
      check(false, "SCRATCH[4] exists");
    } catch (IndexOutOfBoundsException e) {
      check(e.getMessage().equals("Index 4 out of bounds for length 4"), e.getMessage());
    }
    try {
      dma.ch(4);
      check(false, "CH[4] exists");
    } catch (IndexOutOfBoundsException e) {
      check(e.getMessage().equals("Index 4 out of bounds for length 4"), e.getMessage());
    }
  }
}
