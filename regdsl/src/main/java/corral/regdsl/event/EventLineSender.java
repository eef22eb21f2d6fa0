package corral.regdsl.event;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The device model's end of an event line. {@link #raise()} costs one atomic add; only a raise that
 * finds the line idle also writes a wake byte to the receiver's socket. Thread-safe.
 */
public final class EventLineSender implements AutoCloseable {
  private final Doorbell bell;
  private final SocketChannel wake;

  private EventLineSender(Doorbell bell, SocketChannel wake) {
    this.bell = bell;
    this.wake = wake;
  }

  /** Connects to a receiver listening on {@code socket}, sharing the doorbell in {@code file}. */
  public static EventLineSender connect(Path file, Path socket) throws IOException {
    Doorbell bell = Doorbell.open(file);
    try {
      return new EventLineSender(bell, SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    } catch (IOException e) {
      bell.close();
      throw e;
    }
  }

  /**
   * Raises the line once.
   *
   * @throws IOException when the receiver has gone away
   */
  public void raise() throws IOException {
    if (bell.ring()) {
      synchronized (wake) {
        wake.write(ByteBuffer.wrap(new byte[] {1}));
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      wake.close();
    } finally {
      bell.close();
    }
  }
}
