package corral.regdsl.window;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A window onto a file shared with a device model, normally in {@code /dev/shm}: the model process
 * maps the whole file, the driver's host maps only the granted range. Writes by either side are
 * visible to the other at once (both map the same pages, {@code MAP_SHARED}).
 *
 * <p>The file must already be at least {@code base + length} bytes long (the device model creates
 * it); this class never grows it.
 */
public final class MappedFileRegisterWindow extends MappedRegisterWindow {
  private MappedFileRegisterWindow(WindowGrant grant, Arena arena, MemorySegment segment) {
    super(grant, arena, segment);
  }

  /**
   * Maps exactly the granted range of the file.
   *
   * @throws IOException when the file cannot be opened or is shorter than the grant
   */
  public static MappedFileRegisterWindow open(WindowGrant grant) throws IOException {
    Path file = Path.of(grant.resource());
    try (var channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      if (grant.base() + grant.length() > size) {
        throw new IOException("cannot map " + grant + ": the file has only " + size + " bytes");
      }
      Arena arena = Arena.ofShared();
      try {
        var segment =
            channel.map(FileChannel.MapMode.READ_WRITE, grant.base(), grant.length(), arena);
        return new MappedFileRegisterWindow(grant, arena, segment);
      } catch (IOException | RuntimeException e) {
        arena.close();
        throw e;
      }
    }
  }
}
