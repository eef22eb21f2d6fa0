package corral.regdsl.window;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Memory standing in for a device's registers in driver unit tests, behaving like the hardware the
 * description declares. Bind a generated device class to it and run the driver; the test plays the
 * device through the checked accessors ({@link #readU8}, {@link #writeU32}, ...), which touch the
 * memory without effects, and through hooks on the registers.
 *
 * <pre>
 *   driver ──uart.lsr().take()──▶ generated class ──load(5, 1)──▶ FakeRegisterFile
 *                                                                 │ read hook of LSR (if any)
 *                                                                 │ clear its rc bits
 *   test   ──writeU8(5, 0x61)──────────────────────────────────▶ memory (no effects)
 * </pre>
 *
 * <p>When a device class binds, it hands over its {@link DeviceLayout}; from then on the driver's
 * accesses go through {@link #load} and {@link #store}, which honour what the description says:
 *
 * <ul>
 *   <li>reads: a read hook ({@link #onRead}) decides what the driver sees (pop a receive FIFO for
 *       an {@code rse} register); then the register's {@code rc} bits are cleared;
 *   <li>writes: writable bits are stored, {@code ro} fields keep their value, {@code w1c}, {@code
 *       w1s}, {@code w1t}, {@code w0c} bits clear, set, toggle or clear, {@code trigger} fields are
 *       not stored; a write-only register that shares its address with a readable one (THR over
 *       RBR) stores nothing; then the write hook ({@link #onWrite}) sees the raw value written;
 *   <li>banked registers are told apart by the current value of their selector; each keeps its own
 *       value (the divisor latch is not the receive buffer), as does a write-only register sharing
 *       its address with a readable one. The test reaches those with {@link #value} and {@link
 *       #set}; the others also live in the memory at their offsets.
 * </ul>
 *
 * <p>{@link #withoutEffects} makes plain memory instead, for tests that check the exact bits a
 * driver writes.
 *
 * <p>Owned by the test that creates it; {@link #close()} frees the memory. Accesses are serialised
 * on this object; hooks run on the driver's thread, inside that lock.
 */
public final class FakeRegisterFile implements RegisterWindow {
  private final String owner;
  private final boolean effects;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment segment;
  private final Map<String, LongUnaryOperator> readHooks = new HashMap<>();
  private final Map<String, LongConsumer> writeHooks = new HashMap<>();

  /** Values of registers that do not live in the memory: banked ones, shadowed write-only ones. */
  private final Map<String, Long> own = new HashMap<>();

  private DeviceLayout layout;
  private VarHandle u16;
  private VarHandle u32;
  private VarHandle u64;

  /**
   * {@code length} zeroed bytes, aligned for 8-byte registers, granted to {@code owner}; a device
   * class bound to it has its declared effects simulated.
   */
  public FakeRegisterFile(String owner, long length) {
    this(owner, length, true);
  }

  private FakeRegisterFile(String owner, long length, boolean effects) {
    this.owner = owner;
    this.effects = effects;
    this.segment = arena.allocate(length, 8);
  }

  /** Plain memory: device classes bound to it read and write bytes, with no effect simulated. */
  public static FakeRegisterFile withoutEffects(String owner, long length) {
    return new FakeRegisterFile(owner, length, false);
  }

  /** Whether device classes bound to this fake have their effects simulated. */
  public boolean simulatesEffects() {
    return effects;
  }

  /**
   * Called by a generated device class when it binds: from now on its accesses go through {@link
   * #load} and {@link #store} with the effects {@code layout} declares.
   *
   * @throws IllegalStateException when another device is already bound
   */
  public synchronized FakeRegisterFile simulate(DeviceLayout layout) {
    if (this.layout != null && !this.layout.equals(layout)) {
      throw new IllegalStateException(
          "fake register file of "
              + owner
              + " already simulates device "
              + this.layout.device()
              + "; cannot also simulate "
              + layout.device());
    }
    Simulation.activate();
    this.layout = layout;
    own.clear();
    for (RegisterLayout r : layout.registers()) {
      boolean shadowed =
          !r.readable()
              && layout.registers().stream()
                  .anyMatch(
                      o ->
                          o.readable()
                              && o.offset() == r.offset()
                              && o.bytes() == r.bytes()
                              && Objects.equals(o.selector(), r.selector()));
      if (r.selector() != null || shadowed) {
        own.put(r.name(), 0L);
      }
    }
    ByteOrder order = layout.order();
    u16 = ValueLayout.JAVA_SHORT.withOrder(order).varHandle();
    u32 = ValueLayout.JAVA_INT.withOrder(order).varHandle();
    u64 = ValueLayout.JAVA_LONG.withOrder(order).varHandle();
    return this;
  }

  /**
   * Makes {@code hook} decide what the driver reads from {@code register}: it gets the stored value
   * and returns the value the driver sees (it may also change the memory, e.g. pop a FIFO and clear
   * a data-ready flag). {@code rc} bits are cleared after it ran.
   *
   * @throws IllegalArgumentException when the bound device has no readable register of that name
   */
  public synchronized void onRead(String register, LongUnaryOperator hook) {
    find(register, true);
    readHooks.put(register, Objects.requireNonNull(hook));
  }

  /**
   * Calls {@code hook} with every value the driver writes to {@code register}, after the write's
   * effects reached the memory.
   *
   * @throws IllegalArgumentException when the bound device has no writable register of that name
   */
  public synchronized void onWrite(String register, LongConsumer hook) {
    find(register, false);
    writeHooks.put(register, Objects.requireNonNull(hook));
  }

  /**
   * The value register {@code register} holds, as the device sees it: no read effect, no hook.
   *
   * @throws IllegalArgumentException when the bound device has no register of that name
   */
  public synchronized long value(String register) {
    RegisterLayout r = named(register);
    return stored(r, r.offset());
  }

  /**
   * Sets what register {@code register} holds, as the device does (a status flag rising, a byte
   * arriving): no write effect, no hook.
   *
   * @throws IllegalArgumentException when the bound device has no register of that name
   */
  public synchronized void set(String register, long value) {
    RegisterLayout r = named(register);
    keep(r, r.offset(), value & mask(r.bytes()));
  }

  private RegisterLayout named(String register) {
    find(register, null);
    return layout.registers().stream()
        .filter(r -> r.name().equals(register))
        .findFirst()
        .orElseThrow();
  }

  private long stored(RegisterLayout r, long offset) {
    Long v = own.get(r.name());
    return v != null ? v : raw(offset, r.bytes());
  }

  private void keep(RegisterLayout r, long offset, long value) {
    if (own.containsKey(r.name())) {
      own.put(r.name(), value);
    } else {
      put(offset, r.bytes(), value);
    }
  }

  /**
   * @param read true: readable, false: writable, null: any
   */
  private void find(String register, Boolean read) {
    if (layout == null) {
      throw new IllegalStateException(
          "no device is bound to the fake register file of " + owner + " yet");
    }
    java.util.function.Predicate<RegisterLayout> kind =
        r -> read == null || (read ? r.readable() : r.writable());
    for (RegisterLayout r : layout.registers()) {
      if (r.name().equals(register) && kind.test(r)) {
        return;
      }
    }
    throw new IllegalArgumentException(
        layout.device()
            + " has no "
            + (read == null ? "" : read ? "readable " : "writable ")
            + "register "
            + register
            + "; it has "
            + layout.registers().stream().filter(kind).map(RegisterLayout::name).toList());
  }

  /** The driver's load of {@code bytes} at {@code offset}, with the register's read effects. */
  public synchronized long load(long offset, int bytes) {
    RegisterLayout r = match(offset, bytes, true);
    if (r == null) {
      return raw(offset, bytes);
    }
    LongUnaryOperator hook = readHooks.get(r.name());
    long stored = stored(r, offset);
    long seen = hook == null ? stored : hook.applyAsLong(stored) & mask(bytes);
    if (r.clearOnRead() != 0) {
      keep(r, offset, stored(r, offset) & ~r.clearOnRead());
    }
    return seen;
  }

  /** The driver's store of {@code value} ({@code bytes} wide) at {@code offset}, with effects. */
  public synchronized void store(long offset, int bytes, long value) {
    value &= mask(bytes);
    RegisterLayout r = match(offset, bytes, false);
    if (r == null) {
      put(offset, bytes, value);
      return;
    }
    long old = stored(r, offset);
    long acting = r.w1c() | r.w1s() | r.w1t() | r.w0c() | r.trigger();
    long plain = r.writableMask() & ~acting;
    long next = (old & ~plain) | (value & plain);
    next &= ~(value & r.w1c());
    next |= value & r.w1s();
    next ^= value & r.w1t();
    next &= ~(~value & r.w0c());
    keep(r, offset, next);
    LongConsumer hook = writeHooks.get(r.name());
    if (hook != null) {
      hook.accept(value);
    }
  }

  private RegisterLayout match(long offset, int bytes, boolean read) {
    if (layout == null) {
      return null;
    }
    List<RegisterLayout> all = layout.registers();
    for (RegisterLayout r : all) {
      if (r.offset() == offset
          && r.bytes() == bytes
          && (read ? r.readable() : r.writable())
          && selected(r.selector())) {
        return r;
      }
    }
    return null;
  }

  private boolean selected(RegisterLayout.Selector s) {
    return s == null || (raw(s.offset(), s.bytes()) & s.mask()) == s.value();
  }

  private long raw(long offset, int bytes) {
    return switch (bytes) {
      case 1 -> Byte.toUnsignedLong((byte) Handles.U8.getVolatile(segment, offset));
      case 2 -> Short.toUnsignedLong((short) u16.getVolatile(segment, offset));
      case 4 -> Integer.toUnsignedLong((int) u32.getVolatile(segment, offset));
      default -> (long) u64.getVolatile(segment, offset);
    };
  }

  private void put(long offset, int bytes, long value) {
    switch (bytes) {
      case 1 -> Handles.U8.setVolatile(segment, offset, (byte) value);
      case 2 -> u16.setVolatile(segment, offset, (short) value);
      case 4 -> u32.setVolatile(segment, offset, (int) value);
      default -> u64.setVolatile(segment, offset, value);
    }
  }

  private static long mask(int bytes) {
    return bytes == 8 ? -1L : (1L << (8 * bytes)) - 1;
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public long base() {
    return 0;
  }

  @Override
  public long length() {
    return segment.byteSize();
  }

  @Override
  public MemorySegment segment() {
    return segment;
  }

  @Override
  public void close() {
    arena.close();
  }
}
