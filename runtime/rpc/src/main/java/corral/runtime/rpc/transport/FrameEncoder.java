package corral.runtime.rpc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.ByteBuffer;

/**
 * Writes {@link Frame}s in the standard stream framing (see {@link FrameDecoder} for the layout).
 *
 * <p><b>One copy.</b> The segment table and every segment are written into one buffer from the
 * channel's I/O allocator (pooled, direct for the epoll transport), sized exactly, which the
 * transport hands to the socket as it is:
 *
 * <pre>
 *   heap segments ─copy─▶ one pooled direct buffer ─write─▶ socket
 * </pre>
 *
 * Wrapping the heap segments instead (a composite buffer) looks cheaper but costs two copies: the
 * epoll transport writes only direct memory, and it flattens a heap composite into a fresh heap
 * buffer before copying that into a direct one. Since the frame's bytes are copied before {@code
 * encode} returns, the frame's buffers may be reused at once.
 */
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
  public FrameEncoder() {
    super(Frame.class, true);
  }

  private static int tableBytes(ByteBuffer[] segments) {
    return ((4 + 4 * segments.length) + 7) & ~7;
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
    ByteBuffer[] segments = frame.segments();
    long bytes = tableBytes(segments);
    for (ByteBuffer s : segments) {
      bytes += s.remaining();
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "message of " + bytes + " bytes is larger than one buffer can hold");
    }
    return ctx.alloc().ioBuffer((int) bytes);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
    ByteBuffer[] segments = frame.segments();
    int start = out.writerIndex();
    out.writeIntLE(segments.length - 1);
    for (ByteBuffer s : segments) {
      out.writeIntLE(s.remaining() / 8);
    }
    out.writeZero(tableBytes(segments) - (out.writerIndex() - start));
    for (ByteBuffer s : segments) {
      out.writeBytes(s.duplicate());
    }
  }
}
