package corral.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The limit: a blocking {@link SocketChannel} on a unix socket, talking to a {@link
 * RawSocketServer}. Each message is a frame, a 4-byte big-endian length and that many bytes; the
 * null call is an 8-byte frame each way. No protocol, no tables, no thread hand-offs: what is left
 * is the kernel's socket path and the scheduler's wake-ups.
 */
final class RawSocketCaller implements Caller {
  private static final int PING_BYTES = 8;

  private final SocketChannel channel;
  private final ByteBuffer ping = ByteBuffer.allocateDirect(4 + PING_BYTES);
  private final ByteBuffer echoOut = ByteBuffer.allocateDirect(4 + ECHO_BYTES);
  private final ByteBuffer echoIn = ByteBuffer.allocateDirect(4 + ECHO_BYTES);

  RawSocketCaller(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    echoOut.putInt(ECHO_BYTES).put(Caller.echoPayload()).flip();
  }

  @Override
  public void ping() throws IOException {
    ping.clear();
    ping.putInt(PING_BYTES).putLong(System.nanoTime()).flip();
    writeFully(ping);
    ping.clear();
    readFully(ping);
  }

  /**
   * Writes on this thread and reads on another, so that neither side's socket buffer can fill up
   * with nobody reading it (blocking writes of 8 x 64 KiB would otherwise deadlock).
   */
  @Override
  public long echo(int inFlight, long deadline, long maxCalls) throws Exception {
    Semaphore slots = new Semaphore(inFlight);
    BlockingQueue<Boolean> sent = new LinkedBlockingQueue<>(); // true: one call; false: no more
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] answered = {0};
    Thread reader =
        Thread.ofPlatform()
            .name("raw-echo-reader")
            .start(
                () -> {
                  try {
                    while (sent.take()) {
                      echoIn.clear();
                      readFully(echoIn);
                      int n = echoIn.getInt(0);
                      if (n != ECHO_BYTES) {
                        throw new IllegalStateException("echo returned " + n + " bytes");
                      }
                      answered[0]++;
                      slots.release();
                    }
                  } catch (Throwable t) {
                    failure.set(t);
                    slots.release(inFlight);
                  }
                });
    long calls = 0;
    try {
      while (calls < maxCalls && System.nanoTime() < deadline && failure.get() == null) {
        if (!slots.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new TimeoutException("no echo answered for 30 s");
        }
        sent.add(true);
        echoOut.rewind();
        writeFully(echoOut);
        calls++;
      }
    } finally {
      sent.add(false);
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }
    if (reader.isAlive()) {
      throw new TimeoutException("echo answers still missing after 30 s");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("echo failed: " + failure.get(), failure.get());
    }
    return answered[0];
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** Reads one frame into {@code b} (cleared, with room for it); flips nothing. */
  private void readFully(ByteBuffer b) throws IOException {
    b.limit(4);
    fill(b);
    int length = b.getInt(0);
    if (length < 0 || length > b.capacity() - 4) {
      throw new IOException("raw server sent a frame of " + length + " bytes");
    }
    b.limit(4 + length);
    fill(b);
  }

  private void fill(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (channel.read(b) < 0) {
        throw new EOFException("raw server closed the socket");
      }
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing at the end of a run; nothing to recover
    }
  }
}
