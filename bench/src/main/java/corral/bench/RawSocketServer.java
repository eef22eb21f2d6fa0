package corral.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The server side of the raw ping-pong: accepts on a unix socket and, on one platform thread per
 * connection, sends every frame (4-byte length, then the bytes) straight back. Blocking I/O with
 * one reused direct buffer: the least a Java process can do per message.
 */
final class RawSocketServer implements AutoCloseable {
  /** Largest frame accepted; a longer one closes that connection. */
  static final int MAX_FRAME = 1 << 20;

  private final ServerSocketChannel listener;

  RawSocketServer(Path socket) throws IOException {
    listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    listener.bind(UnixDomainSocketAddress.of(socket));
    Thread.ofPlatform().daemon().name("raw-accept").start(this::accept);
  }

  private void accept() {
    try {
      while (true) {
        SocketChannel c = listener.accept();
        Thread.ofPlatform().daemon().name("raw-echo").start(() -> echo(c));
      }
    } catch (IOException e) {
      // the listener was closed
    }
  }

  private static void echo(SocketChannel c) {
    ByteBuffer b = ByteBuffer.allocateDirect(4 + MAX_FRAME);
    try (c) {
      while (true) {
        b.clear().limit(4);
        if (!fill(c, b)) {
          return;
        }
        int length = b.getInt(0);
        if (length < 0 || length > MAX_FRAME) {
          System.err.println("raw server: frame of " + length + " bytes refused; closing");
          return;
        }
        b.limit(4 + length);
        if (!fill(c, b)) {
          return;
        }
        b.flip();
        while (b.hasRemaining()) {
          c.write(b);
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** Fills {@code b} to its limit; false at end of stream. */
  private static boolean fill(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (c.read(b) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
