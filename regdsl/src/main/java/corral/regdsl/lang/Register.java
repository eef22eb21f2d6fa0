package corral.regdsl.lang;

import java.util.List;
import java.util.Set;

/**
 * {@code reg NAME[count] @ offset += stride : uN access effects reset V { fields }}.
 *
 * <p>A register without a field list has one implicit unsigned field over all its bits. {@code
 * count} is 1 for a plain register; an array has {@code count} registers {@code stride} bytes
 * apart.
 *
 * @param width in bits: 8, 16, 32 or 64
 * @param neutral for {@code trigger}: a value whose write does nothing, or null
 * @param reset the reset value, or null when not declared (then 0)
 * @param alternateOf the register this one is an alternate view of, or null
 */
public record Register(
    Pos pos,
    String doc,
    String name,
    int count,
    long offset,
    Pos offsetPos,
    long stride,
    int width,
    Access access,
    Set<Effect> effects,
    Pos effectsPos,
    Long neutral,
    Long reset,
    Pos resetPos,
    String alternateOf,
    List<Field> fields,
    List<Group> groups)
    implements Member {

  /** A named mask over several fields ({@code group ERRORS = oe | pe;}), emitted in the header. */
  public record Group(Pos pos, String name, List<String> fields) {}

  public int bytes() {
    return width / 8;
  }

  public long resetOrZero() {
    return reset == null ? 0 : reset;
  }

  /** Whether reads change device state: a register effect or a field effect says so. */
  public boolean consumingRead() {
    return effects.stream().anyMatch(Effect::onRead)
        || fields.stream().anyMatch(f -> f.effects().stream().anyMatch(Effect::onRead));
  }

  /** The fields, or the implicit whole-register field when none are declared. */
  public List<Field> effectiveFields() {
    if (!fields.isEmpty()) {
      return fields;
    }
    return List.of(
        new Field(
            pos,
            "",
            "value",
            width - 1,
            0,
            pos,
            Field.Kind.UINT,
            null,
            pos,
            null,
            null,
            Set.of(),
            null));
  }

  Register withWidth(int w) {
    return new Register(
        pos,
        doc,
        name,
        count,
        offset,
        offsetPos,
        stride,
        w,
        access,
        effects,
        effectsPos,
        neutral,
        reset,
        resetPos,
        alternateOf,
        fields,
        groups);
  }
}
