package corral.regdsl.event;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The shared-memory half of an event line: a counter of raises not yet delivered, in a file both
 * processes map ({@code MAP_SHARED}), updated with atomic read-modify-write instructions.
 *
 * <pre>
 *  offset 0: pending  (u64, native order)  raises since the last drain
 * </pre>
 *
 * Thread-safe and process-safe. Closing unmaps this process's view only.
 */
public final class Doorbell implements AutoCloseable {
  /** Bytes of the doorbell file. */
  public static final long SIZE = 8;

  private static final VarHandle PENDING = ValueLayout.JAVA_LONG.varHandle();

  private final Arena arena;
  private final MemorySegment bell;

  private Doorbell(Arena arena, MemorySegment bell) {
    this.arena = arena;
    this.bell = bell;
  }

  /** Maps the doorbell in {@code file}, creating the file (zeroed) when it does not exist. */
  public static Doorbell open(Path file) throws IOException {
    try (var channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (channel.size() < SIZE) {
        channel.write(java.nio.ByteBuffer.allocate((int) SIZE), 0);
      }
      Arena arena = Arena.ofShared();
      return new Doorbell(arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena));
    }
  }

  /**
   * Records one raise.
   *
   * @return true when the line was idle, so the receiver must be woken
   */
  public boolean ring() {
    return (long) PENDING.getAndAdd(bell, 0L, 1L) == 0L;
  }

  /** Takes every raise since the last drain; 0 when none. */
  public long drain() {
    return (long) PENDING.getAndSet(bell, 0L, 0L);
  }

  @Override
  public void close() {
    arena.close();
  }
}
