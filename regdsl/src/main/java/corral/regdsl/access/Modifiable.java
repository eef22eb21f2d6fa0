package corral.regdsl.access;

import java.util.function.UnaryOperator;

/**
 * A register that can be read, changed and written back. Only registers whose reads have no side
 * effects are modifiable.
 *
 * @param <V> the register's value record
 */
public interface Modifiable<V> {
  /**
   * Reads the register, applies {@code change}, writes the result. The value handed to {@code
   * change} has write-action bits at their neutral values (like svd2rust): a write-1-to-clear flag
   * that happened to read 1 is not written back as 1, so modifying one field never clears a flag by
   * accident. Set such a field in {@code change} to act on it.
   */
  void modify(UnaryOperator<V> change);
}
