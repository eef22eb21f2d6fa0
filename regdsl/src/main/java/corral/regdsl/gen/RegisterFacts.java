package corral.regdsl.gen;

import corral.regdsl.lang.Access;
import corral.regdsl.lang.Effect;
import corral.regdsl.lang.Field;
import corral.regdsl.lang.Register;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the generators derive from a register: its capabilities and the masks that make writes safe.
 * All masks are in register position.
 *
 * @param actionMask bits whose write acts (w1c, w1s, w1t, w0c, trigger fields)
 * @param neutral the value of the action bits that does nothing
 * @param mustMask reserved bits with a must-write value
 * @param mustValue their values
 * @param preserveMask reserved bits to be written back as read; registers with any have no write
 *     that does not start from a read
 * @param writeStart what {@code write(change)} hands to {@code change}: the reset value with action
 *     bits neutral and must-write bits set
 */
record RegisterFacts(
    Register reg,
    boolean readable,
    boolean consuming,
    boolean writable,
    boolean modifiable,
    boolean ackOnly,
    long actionMask,
    long neutral,
    long mustMask,
    long mustValue,
    long preserveMask,
    long writeStart) {

  static RegisterFacts of(Register r) {
    long action = 0;
    long neutral = 0;
    long must = 0;
    long mustValue = 0;
    long preserve = 0;
    boolean anyWritableField = false;
    boolean allWritableW1c = true;
    for (Field f : r.effectiveFields()) {
      Set<Effect> fx = effects(f, r);
      if (f.kind() == Field.Kind.RESERVED) {
        must |= f.mask();
        mustValue |= (f.mustWrite() << f.lo()) & f.mask();
        continue;
      }
      if (f.kind() == Field.Kind.PRESERVE) {
        preserve |= f.mask();
        continue;
      }
      if (fx.stream().anyMatch(Effect::onWrite)) {
        action |= f.mask();
        long n = fx.contains(Effect.W0C) ? -1L : f.neutral() == null ? 0 : f.neutral();
        neutral |= (n << f.lo()) & f.mask();
      }
      if (!f.reserved() && f.accessIn(r).writable()) {
        anyWritableField = true;
        allWritableW1c &= fx.contains(Effect.W1C);
      }
    }
    boolean readable = r.access().readable();
    boolean consuming = readable && r.consumingRead();
    boolean writable = r.access().writable();
    boolean ackOnly = writable && readable && anyWritableField && allWritableW1c;
    boolean modifiable =
        readable && !consuming && writable && !ackOnly && !r.effects().contains(Effect.TRIGGER);
    long start =
        r.effects().contains(Effect.TRIGGER) && r.neutral() != null
            ? r.neutral()
            : (r.resetOrZero() & ~action) | neutral;
    start = (start & ~must) | mustValue;
    return new RegisterFacts(
        r,
        readable,
        consuming,
        writable,
        modifiable,
        ackOnly,
        action,
        neutral,
        must,
        mustValue,
        preserve,
        start);
  }

  /** A field's own effects plus the register-level write effects, which apply to every field. */
  static Set<Effect> effects(Field f, Register r) {
    Set<Effect> fx = EnumSet.noneOf(Effect.class);
    fx.addAll(f.effects());
    for (Effect e : r.effects()) {
      if (e.onWrite() && e != Effect.TRIGGER) {
        fx.add(e);
      }
    }
    return fx;
  }

  long widthMask() {
    return reg.width() == 64 ? -1L : (1L << reg.width()) - 1;
  }

  /** {@code ro}, {@code rw rc} ... as written in documentation. */
  static String describe(Access access, Set<Effect> effects) {
    var out = new StringBuilder(access.keyword());
    for (Effect e : effects) {
      out.append(' ').append(e.keyword());
    }
    return out.toString();
  }
}
