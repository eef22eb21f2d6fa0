package corral.devices;

import corral.regdsl.window.RegisterWindow;

/**
 * Drives the classes generated from svd/vendor_names.svd, whose names equal generated ones, by the
 * names regdsl's README promises. Compiled and run by GeneratedNamesTest.
 */
public final class VendorNamesCheck {
  private VendorNamesCheck() {}

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  public static void run(RegisterWindow w) {
    Timer timer = Timer.bind(w);
    timer.timer().write(0x1234);
    check(w.readU32(0x00) == 0x1234, "TIMER.TIMER is written at 0x00");
    w.writeU32(0x08, 7);
    Timer.Value_.Value now = timer.value().read();
    check(now.raw() == 7, "TIMER.VALUE reads 7, got " + now.raw());

    timer.byte_().write(v -> v.order(Timer.ByteOrder_.BIG).raw_(true).read_(true).value(5));
    Timer.Byte_.Value b = timer.byte_().read();
    check(w.readU32(0x0c) == 0x57, "TIMER.BYTE is 0x57, got " + w.readU32(0x0c));
    check(b.order() == Timer.ByteOrder_.BIG && b.raw_() && b.read_() && !b.clone_(), "BYTE's flags");
    check(b.value() == 5, "BYTE.value reads 5, got " + b.value());

    timer.optional().write(1);
    timer.long_().write(2);
    timer.override().write(3);
    timer.layout_().write(4);
    timer.bind_().write(5);
    timer.finalize_().write(6);
    for (int i = 0; i < 6; i++) {
      check(w.readU32(0x10 + 4L * i) == i + 1, "register " + i + " after OPTIONAL");
    }

    timer.ctrl().write(v -> v.mode(Timer.CtrlMode_.FAST).modeCode(2));
    timer.ctrlMode().write(13);
    check(w.readU32(0x28) == 0x9 && w.readU32(0x2c) == 13, "CTRL.MODE and CTRL_MODE");
    Timer.Ctrl.Value ctrl = timer.ctrl().read();
    check(ctrl.mode().orElseThrow() == Timer.CtrlMode_.FAST, "CTRL.MODE reads FAST");
    check(ctrl.modeCode_() == 1 && ctrl.modeCode() == 2, "MODE's raw code and field MODE_CODE");

    Timer.Ch ch = timer.ch(1);
    ch.ch().write(8);
    ch.timer().write(9);
    w.writeU32(0x54, 10);
    Timer.Ch.Value_.Value chValue = ch.value().read();
    check(w.readU32(0x50) == 8, "CH[1].CH is written at 0x50");
    check(w.readU32(0x58) == 9, "CH[1].TIMER is written at 0x58");
    check(chValue.raw() == 10, "CH[1].VALUE reads 10, got " + chValue.raw());
    Timer.Ch.Ch_ first = timer.ch(0).ch();
    first.write(11);
    check(w.readU32(0x40) == 11, "CH[0].CH is written at 0x40");

    w.writeU32(0, 0x5);
    Msel msel = Msel.bind(w);
    Msel.Msel_.Value mode = msel.msel().read();
    check(mode.msel() == 5, "MSEL.msel reads 5, got " + mode.msel());

    Value_ value = Value_.bind(w);
    value.value().write(12);
    Value_.Value__.Value v = value.value().read();
    check(v.raw() == 12 && w.readU32(0) == 12, "VALUE.VALUE is written at 0x00");
  }
}
