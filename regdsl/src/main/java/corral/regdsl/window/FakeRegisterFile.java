package corral.regdsl.window;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Plain memory standing in for a device's registers, for driver unit tests: bind a generated device
 * class to it, run the driver, then look at (or preset) the bytes with the checked accessors. It
 * has no side effects: a clear-on-read register keeps its value.
 *
 * <p>Owned by the test that creates it; {@link #close()} frees the memory.
 */
public final class FakeRegisterFile implements RegisterWindow {
  private final String owner;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment segment;

  /** {@code length} zeroed bytes, aligned for 8-byte registers, granted to {@code owner}. */
  public FakeRegisterFile(String owner, long length) {
    this.owner = owner;
    this.segment = arena.allocate(length, 8);
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
