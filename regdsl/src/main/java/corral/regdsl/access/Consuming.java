package corral.regdsl.access;

/**
 * A register whose read changes the device (pops a FIFO, clears status bits). There is no {@code
 * read()} and no {@code modify}: every read is explicit, and a read-modify-write would lose data.
 *
 * @param <V> the register's value record
 */
public interface Consuming<V> {
  /** One volatile load, with the side effects the description names. */
  V take();
}
