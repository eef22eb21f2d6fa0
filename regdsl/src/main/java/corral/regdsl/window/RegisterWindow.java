package corral.regdsl.window;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slice of device memory granted to one driver instance, and nothing more.
 *
 * <pre>
 *   resource (/dev/shm file, /dev/uioN map)
 *   ┌──────────────┬───────────────────────┬──────────┐
 *   │              │ window: base .. +len  │          │
 *   └──────────────┴───────────────────────┴──────────┘
 *                  ▲ segment() byte 0      ▲ segment().byteSize() == length()
 * </pre>
 *
 * <p>Generated device classes {@link #claim claim} the window once and then access registers
 * through {@code VarHandle}s on {@link #segment()}; the segment is exactly as long as the grant, so
 * no offset outside it is reachable. Hand-written drivers use the checked accessors below, which
 * fail with a {@link WindowAccessException} naming the instance.
 *
 * <p>Ownership: the driver host opens the window and closes it when the instance goes; the driver
 * never closes it. Accesses may come from any thread; ordering between threads is the driver's
 * business.
 */
public interface RegisterWindow extends AutoCloseable {

  /** The instance the window is granted to. */
  String owner();

  /** Where the window starts in its resource. */
  long base();

  /** Bytes granted. */
  long length();

  /** The granted bytes; {@code byteSize() == length()}. Valid until {@link #close()}. */
  MemorySegment segment();

  /** Unmaps the window; later accesses fail with {@link IllegalStateException}. */
  @Override
  void close();

  /**
   * The first {@code size} bytes of the window, for a device class that needs that many.
   *
   * @throws WindowAccessException when the window is smaller than the device
   */
  default MemorySegment claim(String device, long size) {
    if (size > length()) {
      throw refused(
          "device "
              + device
              + " needs 0x"
              + Long.toHexString(size)
              + " bytes but the window is 0x"
              + Long.toHexString(length())
              + " bytes");
    }
    return segment().asSlice(0, size);
  }

  default int readU8(long offset) {
    check(offset, 1, "read");
    return Byte.toUnsignedInt((byte) Handles.U8.getVolatile(segment(), offset));
  }

  default int readU16(long offset) {
    check(offset, 2, "read");
    return Short.toUnsignedInt((short) Handles.U16.getVolatile(segment(), offset));
  }

  default int readU32(long offset) {
    check(offset, 4, "read");
    return (int) Handles.U32.getVolatile(segment(), offset);
  }

  default long readU64(long offset) {
    check(offset, 8, "read");
    return (long) Handles.U64.getVolatile(segment(), offset);
  }

  default void writeU8(long offset, int value) {
    check(offset, 1, "write");
    Handles.U8.setVolatile(segment(), offset, (byte) value);
  }

  default void writeU16(long offset, int value) {
    check(offset, 2, "write");
    Handles.U16.setVolatile(segment(), offset, (short) value);
  }

  default void writeU32(long offset, int value) {
    check(offset, 4, "write");
    Handles.U32.setVolatile(segment(), offset, value);
  }

  default void writeU64(long offset, long value) {
    check(offset, 8, "write");
    Handles.U64.setVolatile(segment(), offset, value);
  }

  private void check(long offset, int bytes, String what) {
    if (offset < 0 || offset > length() - bytes) {
      throw refused(
          bytes
              + "-byte "
              + what
              + " at offset 0x"
              + Long.toHexString(offset)
              + " is outside its window of 0x"
              + Long.toHexString(length())
              + " bytes");
    }
    if (offset % bytes != 0) {
      throw refused(
          bytes + "-byte " + what + " at offset 0x" + Long.toHexString(offset) + " is misaligned");
    }
  }

  private WindowAccessException refused(String what) {
    var e = new WindowAccessException(owner(), what + " at 0x" + Long.toHexString(base()));
    Handles.LOG.warn("refused access by instance {}: {}", owner(), e.getMessage());
    return e;
  }

  /** Little-endian handles for the checked accessors (device byte order is the DSL's business). */
  final class Handles {
    static final Logger LOG = LoggerFactory.getLogger(RegisterWindow.class);
    static final VarHandle U8 = ValueLayout.JAVA_BYTE.varHandle();
    static final VarHandle U16 =
        ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    static final VarHandle U32 =
        ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    static final VarHandle U64 =
        ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private Handles() {}
  }
}
