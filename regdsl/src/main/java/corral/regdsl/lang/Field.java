package corral.regdsl.lang;

import java.util.Set;

/**
 * A bit range {@code [hi:lo]} of a register with a type, or reserved bits.
 *
 * @param enumName the enum type for {@link Kind#ENUM}
 * @param mustWrite for {@link Kind#RESERVED}: the value every write must carry
 * @param access a field-level restriction ({@code ro} status bits in a read-write register), or
 *     null to inherit the register's
 * @param neutral for a {@code trigger} field: the value whose write does nothing (default 0)
 */
public record Field(
    Pos pos,
    String doc,
    String name,
    int hi,
    int lo,
    Pos rangePos,
    Kind kind,
    String enumName,
    Pos typePos,
    Long mustWrite,
    Access access,
    Set<Effect> effects,
    Long neutral) {

  /** The type of a field. */
  public enum Kind {
    BOOL,
    UINT,
    SINT,
    ENUM,
    /** {@code reserved [m:n] = V}: not a value; every write carries V. */
    RESERVED,
    /** {@code reserved [m:n] preserve}: not a value; writes carry back what was read. */
    PRESERVE
  }

  public int bits() {
    return hi - lo + 1;
  }

  /** The field's bits in register position. */
  public long mask() {
    return (bits() == 64 ? -1L : (1L << bits()) - 1) << lo;
  }

  public boolean reserved() {
    return kind == Kind.RESERVED || kind == Kind.PRESERVE;
  }

  public Access accessIn(Register r) {
    return access == null ? r.access() : access;
  }

  /** Writes of this field act (w1c, w1s, w1t, w0c, trigger). */
  public boolean writeEffect() {
    return effects.stream().anyMatch(Effect::onWrite);
  }

  /** The value of this field (unshifted) whose write does nothing. */
  public long neutralValue() {
    if (effects.contains(Effect.W0C)) {
      return bits() == 64 ? -1L : (1L << bits()) - 1;
    }
    return neutral == null ? 0 : neutral;
  }

  public String range() {
    return hi == lo ? "[" + hi + "]" : "[" + hi + ":" + lo + "]";
  }
}
