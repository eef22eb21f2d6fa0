package corral.regdsl.access;

/**
 * A register that can be written back from a value read from it. Registers with {@code reserved ...
 * preserve} bits offer only this: their preserve bits must be written as they were read, and a
 * write that does not start from a read would have to invent them.
 *
 * @param <V> the register's value record
 */
public interface Rewritable<V> {
  /**
   * Writes {@code value} with reserved bits forced to their must-write values. Its preserve bits
   * are written as they are, so {@code value} should come from a read of this register (typically
   * {@code write(read().someField(x))}, or use {@code modify}).
   */
  void write(V value);
}
