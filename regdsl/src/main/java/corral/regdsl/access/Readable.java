package corral.regdsl.access;

/**
 * A register whose read has no side effect.
 *
 * @param <V> the register's value record
 */
public interface Readable<V> {
  /** One volatile load of the register, as an immutable snapshot. */
  V read();
}
