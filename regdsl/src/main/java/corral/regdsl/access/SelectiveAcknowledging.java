package corral.regdsl.access;

import java.util.function.UnaryOperator;

/**
 * An {@link Acknowledging} register that can also be acknowledged without reading it first.
 * Registers with {@code preserve} bits are not: the bits to carry back must come from a read.
 *
 * @param <V> the register's value record
 */
public interface SelectiveAcknowledging<V> extends Acknowledging<V> {
  /** Writes the bits {@code select} sets, starting from all write-action bits neutral. */
  void ack(UnaryOperator<V> select);
}
