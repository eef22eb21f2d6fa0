package corral.runtime.rpc;

import corral.runtime.rpc.protocol.Rpc;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * A peer that speaks to a vat over a real unix socket by bytes it chooses: well-formed messages
 * built with the schema, or frames altered by hand. Reads the vat's messages one by one. Closing it
 * closes the socket.
 */
final class RawPeer implements AutoCloseable {
  final SocketChannel channel;

  RawPeer(Path socket) throws IOException {
    channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
  }

  /** The framed bytes of a message built by {@code fill}. */
  static byte[] message(Consumer<Payload.OutgoingMessage> fill) {
    Payload.OutgoingMessage m = new Payload.OutgoingMessage();
    fill.accept(m);
    ByteBuffer[] segments = m.builder.getSegmentsForOutput();
    int table = ((4 + 4 * segments.length) + 7) & ~7;
    int size = table;
    for (ByteBuffer s : segments) {
      size += s.remaining();
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(segments.length - 1);
    for (ByteBuffer s : segments) {
      out.putInt(s.remaining() / 8);
    }
    out.position(table);
    for (ByteBuffer s : segments) {
      out.put(s.duplicate());
    }
    return out.array();
  }

  static byte[] bootstrap(int questionId) {
    return message(m -> m.root.initBootstrap().setQuestionId(questionId));
  }

  void write(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** The next message the vat sent; null at the end of the stream. */
  Rpc.Message.Reader read() throws IOException {
    ByteBuffer first = ByteBuffer.allocate(8);
    while (first.hasRemaining()) {
      if (channel.read(first) < 0) {
        if (first.position() == 0) {
          return null;
        }
        throw new IOException("stream ended inside a segment table");
      }
    }
    first.flip();
    MessageReader m =
        Serialize.read(
            new PrefixedChannel(first, channel), new ReaderOptions(64L * 1024 * 1024, 64));
    return m.getRoot(Rpc.Message.factory);
  }

  /** The reason of the first Abort the vat sends, skipping other messages; null if none came. */
  String abortReason() throws IOException {
    for (Rpc.Message.Reader m = read(); m != null; m = read()) {
      if (m.which() == Rpc.Message.Which.ABORT) {
        return m.getAbort().getReason().toString();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** A channel that yields {@code prefix} before what {@code rest} reads. */
  private record PrefixedChannel(ByteBuffer prefix, SocketChannel rest)
      implements java.nio.channels.ReadableByteChannel {
    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (prefix.hasRemaining()) {
        int n = Math.min(dst.remaining(), prefix.remaining());
        ByteBuffer slice = prefix.slice(prefix.position(), n);
        dst.put(slice);
        prefix.position(prefix.position() + n);
        return n;
      }
      return rest.read(dst);
    }

    @Override
    public boolean isOpen() {
      return rest.isOpen();
    }

    @Override
    public void close() throws IOException {
      rest.close();
    }
  }
}
