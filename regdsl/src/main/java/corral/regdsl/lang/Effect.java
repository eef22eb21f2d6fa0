package corral.regdsl.lang;

import java.util.Locale;

/**
 * What reading or writing a register or field does besides transferring bits.
 *
 * <ul>
 *   <li>{@code volatile}: the device changes the value by itself (status, counters).
 *   <li>{@code rc}: reading clears the bits; {@code rse}: reading has another side effect (pops a
 *       FIFO, acknowledges an interrupt). Either makes reads <em>consuming</em>.
 *   <li>{@code w1c}, {@code w1s}, {@code w1t}: writing 1 clears, sets, toggles; writing 0 does
 *       nothing. {@code w0c}: writing 0 clears; writing 1 does nothing.
 *   <li>{@code trigger}: writing starts an action; an optional neutral value does nothing.
 * </ul>
 */
public enum Effect {
  VOLATILE,
  RC,
  RSE,
  W1C,
  W1S,
  W1T,
  W0C,
  TRIGGER;

  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads with this effect change device state. */
  public boolean onRead() {
    return this == RC || this == RSE;
  }

  /** Writes of the field's bits act, so a read-modify-write must not write back what it read. */
  public boolean onWrite() {
    return this == W1C || this == W1S || this == W1T || this == W0C || this == TRIGGER;
  }

  static Effect ofKeyword(String word) {
    for (Effect e : values()) {
      if (e.keyword().equals(word)) {
        return e;
      }
    }
    return null;
  }
}
