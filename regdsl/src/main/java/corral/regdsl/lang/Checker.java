package corral.regdsl.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic checks of a device, each reported with the position of the offending text. Runs
 * every check and reports every error; the messages are part of the user interface and are pinned
 * by tests ({@code CheckerTest}).
 */
final class Checker {
  private final Diagnostics d;
  private final Map<String, EnumDecl> enums;
  private final Device device;

  /** One register instance at an absolute offset, for the overlap check. */
  private record Placed(String name, Register reg, long start, Bank bank, Bank.Arm arm) {
    long end() {
      return start + reg.bytes();
    }
  }

  /** Java-name collision detection within one scope. */
  private final class Scope {
    private final String what;
    private final Map<String, String> firstName = new HashMap<>();
    private final Map<String, Pos> firstPos = new HashMap<>();

    Scope(String what) {
      this.what = what;
    }

    void add(String kind, String name, String javaName, Pos pos) {
      String prior = firstName.get(javaName);
      if (prior == null) {
        firstName.put(javaName, kind + " '" + name + "'");
        firstPos.put(javaName, pos);
      } else if (prior.equals(kind + " '" + name + "'")) {
        d.error(
            pos,
            "duplicate "
                + kind
                + " '"
                + name
                + "' in "
                + what
                + " (first declared at "
                + firstPos.get(javaName).line()
                + ":"
                + firstPos.get(javaName).col()
                + ")");
      } else {
        d.error(
            pos,
            kind
                + " '"
                + name
                + "' and "
                + prior
                + " ("
                + firstPos.get(javaName).line()
                + ":"
                + firstPos.get(javaName).col()
                + ") in "
                + what
                + " both become Java name '"
                + javaName
                + "'");
      }
    }
  }

  Checker(Diagnostics d, Map<String, EnumDecl> sharedEnums, Device device) {
    this.d = d;
    this.device = device;
    this.enums = new LinkedHashMap<>(sharedEnums);
    for (EnumDecl e : device.enums()) {
      enums.put(e.name(), e);
    }
  }

  void check() {
    var types = new Scope("device " + device.name());
    for (EnumDecl e : device.enums()) {
      types.add("enum", e.name(), JavaNames.type(e.name()), e.pos());
      checkEnum(e);
    }
    if (device.size() <= 0) {
      d.error(
          device.pos(),
          "device "
              + device.name()
              + " has size "
              + device.size()
              + "; it must be at least 1 byte");
    }
    var placed = new ArrayList<Placed>();
    Map<String, Register> unbanked = new LinkedHashMap<>();
    Map<String, Bank.Arm> armOf = new HashMap<>();
    var members = new Scope("device " + device.name());
    for (Member m : device.members()) {
      switch (m) {
        case Register r -> {
          unbanked.put(r.name(), r);
          members.add("register", r.name(), JavaNames.member(r.name()), r.pos());
          checkRegister(r, 0, null, null, placed);
          place(r, 0, "", null, null, placed);
        }
        case Block b -> {
          members.add("block", b.name(), JavaNames.member(b.name()), b.pos());
          checkBlock(b, placed);
        }
        case Bank b -> {
          for (Bank.Arm arm : b.arms()) {
            members.add("bank arm", arm.name(), JavaNames.member(arm.name()), arm.pos());
            for (Member am : arm.members()) {
              if (am instanceof Register r) {
                armOf.put(r.name(), arm);
                members.add("register", r.name(), JavaNames.member(r.name()), r.pos());
                checkRegister(r, 0, b, arm, placed);
                place(r, 0, "", b, arm, placed);
              }
            }
          }
        }
        case ValueDecl v -> members.add("value", v.name(), JavaNames.member(v.name()), v.pos());
      }
    }
    for (Member m : device.members()) {
      switch (m) {
        case Bank b -> checkBank(b, unbanked, armOf);
        case ValueDecl v -> checkValue(v, unbanked);
        default -> {}
      }
    }
    checkOverlaps(placed);
  }

  private void checkEnum(EnumDecl e) {
    var codes = new Scope("enum " + e.name());
    for (EnumDecl.Code c : e.codes()) {
      codes.add("code", c.name(), JavaNames.constant(c.name()), c.pos());
    }
  }

  private void checkBlock(Block b, List<Placed> placed) {
    if (b.count() < 1) {
      d.error(
          b.pos(), "block '" + b.name() + "' has count " + b.count() + "; it must be at least 1");
      return;
    }
    var scope = new Scope("block " + b.name());
    Map<String, Register> regs = new LinkedHashMap<>();
    long span = 0;
    for (Member m : b.members()) {
      if (m instanceof Register r) {
        regs.put(r.name(), r);
        scope.add("register", r.name(), JavaNames.member(r.name()), r.pos());
        span = Math.max(span, r.offset() + (r.count() - 1) * r.stride() + r.bytes());
      } else if (m instanceof ValueDecl v) {
        scope.add("value", v.name(), JavaNames.member(v.name()), v.pos());
      }
    }
    if (b.count() > 1 && b.stride() < span) {
      d.error(
          b.pos(),
          "stride 0x"
              + Long.toHexString(b.stride())
              + " of block '"
              + b.name()
              + "' is smaller than its registers' span 0x"
              + Long.toHexString(span));
    }
    long end = b.offset() + (b.count() - 1) * b.stride() + span;
    if (end > device.size()) {
      d.error(
          b.pos(),
          "block '"
              + b.name()
              + "' ends at 0x"
              + Long.toHexString(end)
              + ", beyond device size 0x"
              + Long.toHexString(device.size()));
    }
    for (int i = 0; i < b.count(); i++) {
      long base = b.offset() + i * b.stride();
      for (Member m : b.members()) {
        if (m instanceof Register r) {
          // report a register's own errors once, place every instance
          if (i == 0) {
            checkRegister(r, base, null, null, placed);
          }
          place(r, base, b.name() + "[" + i + "].", null, null, placed);
        }
      }
    }
    for (Member m : b.members()) {
      if (m instanceof ValueDecl v) {
        checkValue(v, regs);
      }
    }
  }

  private void checkRegister(Register r, long base, Bank bank, Bank.Arm arm, List<Placed> placed) {
    String rn = r.name();
    if (r.offset() % r.bytes() != 0) {
      d.error(
          r.offsetPos(),
          "register '"
              + rn
              + "' at offset 0x"
              + Long.toHexString(r.offset())
              + " is not aligned to its width ("
              + r.bytes()
              + " bytes)");
    }
    if (r.count() < 1) {
      d.error(
          r.pos(),
          "register array '" + rn + "' has count " + r.count() + "; it must be at least 1");
      return;
    }
    if (r.count() > 1 && r.stride() < r.bytes()) {
      d.error(
          r.pos(),
          "stride "
              + r.stride()
              + " of register array '"
              + rn
              + "' is smaller than its width ("
              + r.bytes()
              + " bytes)");
    }
    if (r.count() > 1 && r.stride() % r.bytes() != 0) {
      d.error(
          r.pos(),
          "stride "
              + r.stride()
              + " of register array '"
              + rn
              + "' is not a multiple of its width ("
              + r.bytes()
              + " bytes)");
    }
    long end = base + r.offset() + (r.count() - 1) * r.stride() + r.bytes();
    if (end > device.size()) {
      d.error(
          r.pos(),
          "register '"
              + rn
              + "' ends at 0x"
              + Long.toHexString(end)
              + ", beyond device size 0x"
              + Long.toHexString(device.size()));
    }
    for (Effect e : r.effects()) {
      contradiction(r.access(), e, r.effectsPos(), "register");
    }
    long widthMask = r.width() == 64 ? -1L : (1L << r.width()) - 1;
    if (r.reset() != null && (r.reset() & ~widthMask) != 0) {
      d.error(
          r.resetPos(),
          "reset value 0x"
              + Long.toHexString(r.reset())
              + " does not fit "
              + r.width()
              + "-bit register "
              + rn);
    }
    checkFields(r, widthMask);
  }

  private void place(
      Register r, long base, String prefix, Bank bank, Bank.Arm arm, List<Placed> placed) {
    for (int i = 0; i < r.count(); i++) {
      String name = prefix + r.name() + (r.count() > 1 ? "[" + i + "]" : "");
      placed.add(new Placed(name, r, base + r.offset() + i * r.stride(), bank, arm));
    }
  }

  private void contradiction(Access access, Effect e, Pos pos, String what) {
    if (access == Access.RO && e.onWrite()) {
      d.error(
          pos,
          "access 'ro' contradicts effect '"
              + e.keyword()
              + "': a read-only "
              + what
              + " cannot be written");
    } else if (access == Access.WO && (e.onRead() || e == Effect.VOLATILE)) {
      d.error(
          pos,
          "access 'wo' contradicts effect '"
              + e.keyword()
              + "': a write-only "
              + what
              + " cannot be read");
    }
  }

  private void checkFields(Register r, long widthMask) {
    if (r.fields().isEmpty()) {
      return;
    }
    String rn = r.name();
    var scope = new Scope("register " + rn);
    long covered = 0;
    var seen = new ArrayList<Field>();
    for (Field f : r.fields()) {
      if (f.lo() > f.hi()) {
        d.error(
            f.rangePos(),
            "bit range ["
                + f.hi()
                + ":"
                + f.lo()
                + "] of field '"
                + f.name()
                + "' is reversed; write ["
                + f.lo()
                + ":"
                + f.hi()
                + "]");
        continue;
      }
      if (f.hi() >= r.width()) {
        d.error(
            f.rangePos(),
            "field '"
                + f.name()
                + "' "
                + f.range()
                + " lies outside "
                + r.width()
                + "-bit register "
                + rn);
        continue;
      }
      if (!f.reserved()) {
        scope.add("field", f.name(), JavaNames.member(f.name()), f.pos());
      }
      for (Field prior : seen) {
        if ((prior.mask() & f.mask()) != 0) {
          d.error(
              f.rangePos(),
              "field '"
                  + f.name()
                  + "' "
                  + f.range()
                  + " overlaps field '"
                  + prior.name()
                  + "' "
                  + prior.range()
                  + " in register "
                  + rn);
        }
      }
      seen.add(f);
      covered |= f.mask();
      if (f.kind() == Field.Kind.PRESERVE
          && r.access().writable()
          && (!r.access().readable() || r.consumingRead())) {
        d.error(
            f.pos(),
            "reserved bits "
                + f.range()
                + " of register "
                + rn
                + " cannot be 'preserve': "
                + (r.access().readable()
                    ? "reading " + rn + " has side effects"
                    : rn + " is write-only")
                + ", so there is no value to carry back; give them a must-write value");
      }
      checkFieldType(r, f);
      if (f.access() != null && r.access() != Access.RW && f.access() != r.access()) {
        d.error(
            f.pos(),
            "field '"
                + f.name()
                + "' cannot be '"
                + f.access().keyword()
                + "' in "
                + (r.access() == Access.RO ? "read-only" : "write-only")
                + " register "
                + rn);
      }
      for (Effect e : f.effects()) {
        contradiction(f.accessIn(r), e, f.pos(), "field");
      }
    }
    long uncovered = widthMask & ~covered;
    if (uncovered != 0) {
      d.error(
          r.pos(),
          "bits "
              + ranges(uncovered)
              + " of register "
              + rn
              + " are covered by no field; declare them reserved");
    }
    if (r.reset() != null) {
      long stray = r.reset() & uncovered & widthMask;
      if (stray != 0) {
        d.error(
            r.resetPos(),
            "reset value 0x"
                + Long.toHexString(r.reset())
                + " of register "
                + rn
                + " sets bits "
                + ranges(stray)
                + ", which belong to no field");
      }
      for (Field f : seen) {
        if (f.kind() == Field.Kind.RESERVED) {
          long got = (r.reset() & f.mask()) >>> f.lo();
          if (got != f.mustWrite()) {
            d.error(
                r.resetPos(),
                "reset value 0x"
                    + Long.toHexString(r.reset())
                    + " of register "
                    + rn
                    + " has 0x"
                    + Long.toHexString(got)
                    + " in reserved bits "
                    + f.range()
                    + ", which must be written as 0x"
                    + Long.toHexString(f.mustWrite()));
          }
        }
      }
    }
    for (Register.Group g : r.groups()) {
      for (String fname : g.fields()) {
        if (r.fields().stream().noneMatch(f -> f.name().equals(fname) && !f.reserved())) {
          d.error(
              g.pos(),
              "unknown field '" + fname + "' in group '" + g.name() + "' of register " + rn);
        }
      }
    }
  }

  private void checkFieldType(Register r, Field f) {
    long fieldMax = f.bits() == 64 ? -1L : (1L << f.bits()) - 1;
    switch (f.kind()) {
      case BOOL -> {
        if (f.bits() != 1) {
          d.error(f.typePos(), "field '" + f.name() + "' is bool but " + f.bits() + " bits wide");
        }
      }
      case ENUM -> {
        EnumDecl e = enums.get(f.enumName());
        if (e == null) {
          d.error(f.typePos(), "unknown type '" + f.enumName() + "' of field '" + f.name() + "'");
          return;
        }
        for (EnumDecl.Code c : e.codes()) {
          if (Long.compareUnsigned(c.value(), fieldMax) > 0) {
            d.error(
                f.typePos(),
                "enum "
                    + e.name()
                    + " code "
                    + c.name()
                    + " = "
                    + c.value()
                    + " does not fit "
                    + f.bits()
                    + "-bit field '"
                    + f.name()
                    + "'");
          }
        }
      }
      case RESERVED -> {
        if (Long.compareUnsigned(f.mustWrite(), fieldMax) > 0) {
          d.error(
              f.typePos(),
              "must-write value 0x"
                  + Long.toHexString(f.mustWrite())
                  + " does not fit "
                  + f.bits()
                  + "-bit reserved bits "
                  + f.range());
        }
      }
      default -> {}
    }
    if (f.neutral() != null && Long.compareUnsigned(f.neutral(), fieldMax) > 0) {
      d.error(
          f.pos(),
          "neutral value "
              + f.neutral()
              + " does not fit "
              + f.bits()
              + "-bit field '"
              + f.name()
              + "'");
    }
  }

  private void checkBank(Bank b, Map<String, Register> unbanked, Map<String, Bank.Arm> armOf) {
    String sel = b.selectorRegister() + "." + b.selectorField();
    Register r = unbanked.get(b.selectorRegister());
    if (r == null) {
      Bank.Arm arm = armOf.get(b.selectorRegister());
      if (arm != null) {
        d.error(
            b.selectorPos(),
            "bank selector '"
                + sel
                + "' must be a field of an unbanked"
                + " register; "
                + b.selectorRegister()
                + " is in bank arm '"
                + arm.name()
                + "'");
      } else {
        d.error(
            b.selectorPos(),
            "unknown register '" + b.selectorRegister() + "' in bank selector '" + sel + "'");
      }
      return;
    }
    Field f =
        r.fields().stream()
            .filter(x -> x.name().equals(b.selectorField()) && !x.reserved())
            .findFirst()
            .orElse(null);
    if (f == null) {
      d.error(
          b.selectorPos(),
          "unknown field '"
              + b.selectorField()
              + "' of register "
              + r.name()
              + " in bank selector '"
              + sel
              + "'");
      return;
    }
    if (f.accessIn(r) != Access.RW || r.consumingRead() || f.writeEffect() || r.count() != 1) {
      String why =
          r.count() != 1
              ? "register " + r.name() + " is an array"
              : f.accessIn(r) != Access.RW
                  ? "it is " + f.accessIn(r).keyword()
                  : r.consumingRead()
                      ? "reading " + r.name() + " has side effects"
                      : "writing it has side effects";
      d.error(b.selectorPos(), "bank selector '" + sel + "' must be a read-write field; " + why);
      return;
    }
    long fieldMax = f.bits() == 64 ? -1L : (1L << f.bits()) - 1;
    Map<Long, Bank.Arm> values = new HashMap<>();
    for (Bank.Arm arm : b.arms()) {
      if (Long.compareUnsigned(arm.value(), fieldMax) > 0) {
        d.error(
            arm.pos(),
            "arm value " + arm.value() + " does not fit " + f.bits() + "-bit selector " + sel);
      }
      Bank.Arm prior = values.putIfAbsent(arm.value(), arm);
      if (prior != null) {
        d.error(
            arm.pos(),
            "arm '"
                + arm.name()
                + "' repeats selector value "
                + arm.value()
                + " of arm '"
                + prior.name()
                + "'");
      }
      Map<String, Register> visible = new LinkedHashMap<>(unbanked);
      for (Member m : arm.members()) {
        if (m instanceof Register ar) {
          visible.put(ar.name(), ar);
        }
      }
      for (Member m : arm.members()) {
        if (m instanceof ValueDecl v) {
          checkValue(v, visible);
        }
      }
    }
  }

  private void checkValue(ValueDecl v, Map<String, Register> visible) {
    int bits = 0;
    for (int i = 0; i < v.parts().size(); i++) {
      String part = v.parts().get(i);
      Register r = visible.get(part);
      if (r == null) {
        d.error(v.partPos().get(i), "unknown register '" + part + "' in value '" + v.name() + "'");
        return;
      }
      if (r.count() != 1) {
        d.error(
            v.partPos().get(i),
            "register array '" + part + "' cannot be part of value '" + v.name() + "'");
      }
      bits += r.width();
    }
    if (bits > 64) {
      d.error(v.pos(), "value '" + v.name() + "' spans " + bits + " bits; at most 64 are allowed");
    }
  }

  private void checkOverlaps(List<Placed> placed) {
    Map<String, Register> byName = new HashMap<>();
    for (Placed p : placed) {
      byName.putIfAbsent(p.reg().name(), p.reg());
    }
    for (Placed p : placed) {
      String alt = p.reg().alternateOf();
      if (alt != null && !byName.containsKey(alt)) {
        d.error(
            p.reg().pos(),
            "unknown register '" + alt + "' in alternate of register '" + p.reg().name() + "'");
      }
    }
    var sorted = new ArrayList<>(placed);
    sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
    var reported = new java.util.HashSet<Register>();
    for (int i = 0; i < sorted.size(); i++) {
      Placed a = sorted.get(i);
      for (int j = i + 1; j < sorted.size() && sorted.get(j).start() < a.end(); j++) {
        Placed b = sorted.get(j);
        if (allowedOverlap(a, b)) {
          continue;
        }
        Placed later =
            a.reg().pos().line() > b.reg().pos().line()
                    || a.reg().pos().line() == b.reg().pos().line()
                        && a.reg().pos().col() > b.reg().pos().col()
                ? a
                : b;
        Placed earlier = later == a ? b : a;
        if (reported.add(later.reg())) {
          d.error(
              later.reg().pos(),
              "register '"
                  + later.name()
                  + "' [0x"
                  + Long.toHexString(later.start())
                  + ", +"
                  + later.reg().bytes()
                  + ") overlaps register '"
                  + earlier.name()
                  + "' [0x"
                  + Long.toHexString(earlier.start())
                  + ", +"
                  + earlier.reg().bytes()
                  + ")");
        }
      }
    }
  }

  private static boolean allowedOverlap(Placed a, Placed b) {
    if (a.reg() == b.reg() && a.name().equals(b.name())) {
      return true;
    }
    if (a.bank() != null && a.bank() == b.bank() && a.arm() != b.arm()) {
      return true;
    }
    if (a.name().equals(b.reg().alternateOf())
        || b.name().equals(a.reg().alternateOf())
        || a.reg().name().equals(b.reg().alternateOf())
        || b.reg().name().equals(a.reg().alternateOf())) {
      return true;
    }
    boolean pair =
        a.reg().access() == Access.RO && b.reg().access() == Access.WO
            || a.reg().access() == Access.WO && b.reg().access() == Access.RO;
    return pair && a.start() == b.start() && a.reg().width() == b.reg().width();
  }

  /** {@code [5:3], [7]} for the set bits of a mask, high ranges last. */
  static String ranges(long mask) {
    var parts = new ArrayList<String>();
    int bit = 0;
    while (bit < 64) {
      if ((mask >>> bit & 1) == 0) {
        bit++;
        continue;
      }
      int lo = bit;
      while (bit < 64 && (mask >>> bit & 1) != 0) {
        bit++;
      }
      int hi = bit - 1;
      parts.add(hi == lo ? "[" + hi + "]" : "[" + hi + ":" + lo + "]");
    }
    return String.join(", ", parts);
  }
}
