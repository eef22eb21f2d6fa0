package corral.regdsl.access;

/**
 * A register whose writable bits all act when written 1 (write-1-to-clear status): it is
 * acknowledged, never modified.
 *
 * @param <V> the register's value record
 */
public interface Acknowledging<V> {
  /**
   * Writes back {@code seen} (typically the value just read), acknowledging what it shows: its
   * write-action bits, and its {@code preserve} bits as they were read; every other writable bit is
   * written 0.
   */
  void ack(V seen);
}
