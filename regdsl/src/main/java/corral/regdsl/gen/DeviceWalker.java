package corral.regdsl.gen;

import corral.regdsl.lang.Bank;
import corral.regdsl.lang.Block;
import corral.regdsl.lang.Device;
import corral.regdsl.lang.Member;
import corral.regdsl.lang.Register;
import corral.regdsl.lang.ValueDecl;
import java.util.ArrayList;
import java.util.List;

/** The registers of a device in declaration order, each with where it sits. */
final class DeviceWalker {
  /**
   * @param block the enclosing block, or null
   * @param bank the enclosing bank, or null
   * @param arm the bank arm, or null
   */
  record Placed(Register reg, Block block, Bank bank, Bank.Arm arm) {}

  /** A value with the scope it was declared in (for documentation). */
  record PlacedValue(ValueDecl value, Block block, Bank.Arm arm) {}

  private DeviceWalker() {}

  static List<Placed> registers(Device dev) {
    var out = new ArrayList<Placed>();
    walk(dev.members(), null, null, null, out, new ArrayList<>());
    return out;
  }

  static List<PlacedValue> values(Device dev) {
    var out = new ArrayList<PlacedValue>();
    walk(dev.members(), null, null, null, new ArrayList<>(), out);
    return out;
  }

  private static void walk(
      List<Member> members,
      Block block,
      Bank bank,
      Bank.Arm arm,
      List<Placed> regs,
      List<PlacedValue> values) {
    for (Member m : members) {
      switch (m) {
        case Register r -> regs.add(new Placed(r, block, bank, arm));
        case Block b -> walk(b.members(), b, null, null, regs, values);
        case Bank b -> {
          for (Bank.Arm a : b.arms()) {
            walk(a.members(), block, b, a, regs, values);
          }
        }
        case ValueDecl v -> values.add(new PlacedValue(v, block, arm));
      }
    }
  }
}
