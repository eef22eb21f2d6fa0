package corral.regdsl.window;

/**
 * One register as {@link FakeRegisterFile} simulates it: where it is and what reading and writing
 * it does, in register bit position. Generated device classes describe themselves with these (one
 * per element of arrays and blocks), so the fake needs no description file at test time.
 *
 * @param name the description's name; array and block elements are {@code SCRATCH[2]} and {@code
 *     CH[1].CFG}
 * @param offset bytes from the start of the device
 * @param bytes the access width: 1, 2, 4 or 8
 * @param readable whether the driver can read it (not {@code wo})
 * @param writableMask bits a write stores (writable fields and reserved bits; not {@code ro}
 *     fields)
 * @param clearOnRead bits a read clears ({@code rc})
 * @param readSideEffect whether a read has another side effect ({@code rse}); a read hook models it
 * @param w1c bits cleared by writing 1
 * @param w1s bits set by writing 1
 * @param w1t bits toggled by writing 1
 * @param w0c bits cleared by writing 0
 * @param trigger bits whose write starts an action and is not stored; for a register-level {@code
 *     trigger} (a transmit register) 0: the value is stored and the write hook sees it
 * @param selector the bank selector the register depends on, or null
 */
public record RegisterLayout(
    String name,
    long offset,
    int bytes,
    boolean readable,
    long writableMask,
    long clearOnRead,
    boolean readSideEffect,
    long w1c,
    long w1s,
    long w1t,
    long w0c,
    long trigger,
    Selector selector) {

  /**
   * The register is reachable while the bits {@code mask} of the register at {@code offset} (of
   * {@code bytes}) hold {@code value} (in register position).
   */
  public record Selector(long offset, int bytes, long mask, long value) {}

  /** This register under another name and offset (an element of an array or block). */
  public RegisterLayout at(String name, long offset) {
    return new RegisterLayout(
        name,
        offset,
        bytes,
        readable,
        writableMask,
        clearOnRead,
        readSideEffect,
        w1c,
        w1s,
        w1t,
        w0c,
        trigger,
        selector);
  }

  boolean writable() {
    return writableMask != 0 || w1c != 0 || w1s != 0 || w1t != 0 || w0c != 0 || trigger != 0;
  }
}
