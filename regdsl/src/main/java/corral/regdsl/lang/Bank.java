package corral.regdsl.lang;

import java.util.List;

/**
 * {@code bank LCR.dlab { 0 => normal { ... } 1 => latch { ... } }}: registers whose meaning depends
 * on a selector field. Registers of different arms may share offsets.
 */
public record Bank(
    Pos pos, String selectorRegister, String selectorField, Pos selectorPos, List<Arm> arms)
    implements Member {

  @Override
  public String name() {
    return selectorRegister + "." + selectorField;
  }

  /** The registers and values reached while the selector holds {@code value}. */
  public record Arm(Pos pos, long value, String name, List<Member> members) {}
}
