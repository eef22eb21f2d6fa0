package corral.runtime.rpc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes {@link Frame}s in the standard stream framing (see {@link FrameDecoder} for the layout).
 * The segment table is a fresh buffer; the segments themselves are wrapped, not copied, so the
 * frame's buffers must not change until the write completes.
 */
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
  public FrameEncoder() {
    super(Frame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
    ByteBuffer[] segments = frame.segments();
    int tableBytes = ((4 + 4 * segments.length) + 7) & ~7;
    ByteBuf table = ctx.alloc().buffer(tableBytes);
    table.writeIntLE(segments.length - 1);
    for (ByteBuffer s : segments) {
      table.writeIntLE(s.remaining() / 8);
    }
    table.writeZero(tableBytes - table.writerIndex());
    ByteBuf[] parts = new ByteBuf[segments.length + 1];
    parts[0] = table;
    for (int i = 0; i < segments.length; i++) {
      parts[i + 1] = Unpooled.wrappedBuffer(segments[i].duplicate());
    }
    out.add(Unpooled.wrappedUnmodifiableBuffer(parts));
  }
}
