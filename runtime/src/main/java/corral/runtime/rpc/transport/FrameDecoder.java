package corral.runtime.rpc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Splits a byte stream into {@link Frame}s using the standard Cap'n Proto stream framing (the
 * two-party vat network's wire format):
 *
 * <pre>
 *   u32 segmentCount - 1 | u32 size of segment 0 (words) | ... | u32 size of segment n-1
 *   | u32 padding, when the table has an odd number of u32s (so segments start on a word)
 *   | segment 0 | segment 1 | ...                              (all little-endian)
 * </pre>
 *
 * <p>Nothing is buffered beyond one frame; a table announcing more segments or words than the
 * {@link FrameLimits} allow raises a {@link FrameException} (through {@code exceptionCaught})
 * before the body is read, naming the offending count. After an exception the decoder reads nothing
 * more: a framing error leaves the stream unusable.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final FrameLimits limits;
  private boolean failed;

  public FrameDecoder(FrameLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < 4) {
      return;
    }
    int start = in.readerIndex();
    long segmentCount = in.getUnsignedIntLE(start) + 1;
    if (segmentCount > limits.maxSegments()) {
      failed = true;
      throw new FrameException(
          "message has "
              + segmentCount
              + " segments, more than the limit of "
              + limits.maxSegments());
    }
    int count = (int) segmentCount;
    // 4 bytes for the count, 4 per segment, padded to a multiple of 8
    int tableBytes = ((4 + 4 * count) + 7) & ~7;
    if (in.readableBytes() < tableBytes) {
      return;
    }
    long totalWords = 0;
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      long words = in.getUnsignedIntLE(start + 4 + 4 * i);
      totalWords += words;
      if (totalWords > limits.maxWords()) {
        failed = true;
        throw new FrameException(
            "message of at least "
                + totalWords
                + " words exceeds the limit of "
                + limits.maxWords()
                + " words");
      }
      sizes[i] = (int) words;
    }
    if (in.readableBytes() < tableBytes + totalWords * 8) {
      return;
    }
    in.skipBytes(tableBytes);
    ByteBuffer body = ByteBuffer.allocate((int) (totalWords * 8));
    in.readBytes(body);
    ByteBuffer[] segments = new ByteBuffer[count];
    int offset = 0;
    for (int i = 0; i < count; i++) {
      segments[i] = body.slice(offset, sizes[i] * 8).order(ByteOrder.LITTLE_ENDIAN);
      offset += sizes[i] * 8;
    }
    out.add(new Frame(segments));
  }
}
