package corral.regdsl.access;

import java.util.function.UnaryOperator;

/**
 * A register that can be written without reading it first. Registers with {@code preserve} bits are
 * only {@link Rewritable}.
 *
 * @param <V> the register's value record
 */
public interface Writable<V> extends Rewritable<V> {
  /**
   * Writes the value {@code change} makes from the register's reset value, with write-action bits
   * (w1c, w1s, w1t, w0c, trigger) at their neutral values and reserved bits at their must-write
   * values.
   */
  void write(UnaryOperator<V> change);
}
