package corral.regdsl.access;

import java.util.function.UnaryOperator;

/**
 * A register whose writable bits all act when written 1 (write-1-to-clear status): it is
 * acknowledged, never modified.
 *
 * @param <V> the register's value record
 */
public interface Acknowledging<V> {
  /** Writes the bits {@code select} sets, starting from all write-action bits neutral. */
  void ack(UnaryOperator<V> select);

  /** Writes back {@code seen} (typically the value just read), acknowledging what it shows. */
  void ack(V seen);
}
