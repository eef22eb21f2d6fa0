package corral.regdsl.event;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window holder's end of an event line: listens on a unix socket for the device model's wake
 * bytes, drains the doorbell and hands each {@link Event} to the handler, no faster than the rate
 * limit allows.
 *
 * <p>Threading: {@link #start} runs one daemon thread per line, which calls the handler; {@link
 * #poll()} is the same step for a caller that drives the line itself (tests with a manual clock).
 * Use one or the other. A handler that throws is logged with the line's name and the line goes on.
 * {@link #close()} stops the thread and removes the socket file.
 */
public final class EventLineReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLineReceiver.class);

  private final String line;
  private final Doorbell bell;
  private final RateLimit limit;
  private final ServerSocketChannel server;
  private final Path socket;
  private long sequence;
  private volatile boolean closed;
  private Thread thread;

  private EventLineReceiver(
      String line, Doorbell bell, RateLimit limit, ServerSocketChannel server, Path socket) {
    this.line = line;
    this.bell = bell;
    this.limit = limit;
    this.server = server;
    this.socket = socket;
  }

  /**
   * Creates the doorbell in {@code file} and listens on {@code socket} for one device model.
   *
   * @param line the line's name, carried in events and log lines (e.g. {@code uart0.irq})
   */
  public static EventLineReceiver listen(String line, Path file, Path socket, RateLimit limit)
      throws IOException {
    Doorbell bell = Doorbell.open(file);
    try {
      Files.deleteIfExists(socket);
      var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      return new EventLineReceiver(line, bell, limit, server, socket);
    } catch (IOException e) {
      bell.close();
      throw e;
    }
  }

  /**
   * One delivery step: the pending raises as one event, or empty when none are pending or the rate
   * limit says wait (the raises then stay pending and coalesce).
   */
  public Optional<Event> poll() {
    if (limit.delayNanos() > 0) {
      return Optional.empty();
    }
    long raises = bell.drain();
    if (raises == 0) {
      return Optional.empty();
    }
    limit.take();
    return Optional.of(new Event(line, raises, ++sequence));
  }

  /** Starts delivering to {@code handler} on a thread of this line's own. */
  public synchronized void start(Consumer<Event> handler) {
    if (thread != null) {
      throw new IllegalStateException("event line " + line + " is already started");
    }
    thread = Thread.ofPlatform().daemon().name("event-line-" + line).start(() -> run(handler));
  }

  private void run(Consumer<Event> handler) {
    var buffer = ByteBuffer.allocate(64);
    try (SocketChannel model = server.accept()) {
      LOG.info("event line {}: device model connected", line);
      while (!closed) {
        buffer.clear();
        int n = model.read(buffer);
        deliverPending(handler);
        if (n < 0) {
          LOG.info("event line {}: device model disconnected", line);
          return;
        }
      }
    } catch (ClosedChannelException e) {
      // closed by close()
    } catch (IOException e) {
      if (!closed) {
        LOG.warn("event line {}: wake socket failed: {}", line, e.toString());
      }
    }
  }

  private void deliverPending(Consumer<Event> handler) {
    while (!closed) {
      long wait = limit.delayNanos();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      Optional<Event> event = poll();
      if (event.isEmpty()) {
        return;
      }
      try {
        handler.accept(event.get());
      } catch (RuntimeException e) {
        LOG.warn("event line {}: handler failed on {}", line, event.get(), e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      server.close();
      Thread t;
      synchronized (this) {
        t = thread;
      }
      if (t != null) {
        t.interrupt();
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      bell.close();
      Files.deleteIfExists(socket);
    }
  }
}
