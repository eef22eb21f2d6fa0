package corral.runtime.rpc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
 *
 * <p><b>One copy.</b> Once the segment table is read, the body's array is allocated at its full
 * size (up to 1 MiB; larger bodies grow as they arrive) and every read's bytes are copied straight
 * into it, as they arrive:
 *
 * <pre>
 *   socket ─read─▶ Netty's (direct) read buffer ─copy─▶ body array ─slices─▶ Frame segments
 * </pre>
 *
 * Since each read is drained completely, {@code ByteToMessageDecoder} never has to merge reads into
 * a cumulation buffer (it does so only for the few bytes of a table split across reads).
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  /** The most bytes allocated for a body before its bytes arrive. */
  private static final int FIRST_ALLOCATION = 1 << 20;

  private final FrameLimits limits;
  private boolean failed;

  /** The frame being filled, or null between frames. */
  private byte[] body;

  private int filled;
  private int expected;
  private int[] sizes;

  public FrameDecoder(FrameLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (body == null && !readTable(in)) {
      return;
    }
    while (filled < expected && in.isReadable()) {
      if (filled == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(expected, 2L * body.length));
      }
      int n = Math.min(in.readableBytes(), body.length - filled);
      in.readBytes(body, filled, n);
      filled += n;
    }
    if (filled < expected) {
      return;
    }
    ByteBuffer whole = ByteBuffer.wrap(body);
    ByteBuffer[] segments = new ByteBuffer[sizes.length];
    int offset = 0;
    for (int i = 0; i < sizes.length; i++) {
      segments[i] = whole.slice(offset, sizes[i] * 8).order(ByteOrder.LITTLE_ENDIAN);
      offset += sizes[i] * 8;
    }
    body = null;
    sizes = null;
    filled = 0;
    out.add(new Frame(segments));
  }

  /**
   * Reads the segment table once it has fully arrived and allocates the body; false while it has
   * not.
   */
  private boolean readTable(ByteBuf in) {
    if (in.readableBytes() < 4) {
      return false;
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
      return false;
    }
    long totalWords = 0;
    int[] table = new int[count];
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
      table[i] = (int) words;
    }
    in.skipBytes(tableBytes);
    if (totalWords * 8 > Integer.MAX_VALUE - 8) {
      failed = true;
      throw new FrameException(
          "message of " + totalWords + " words is larger than a Java array can hold");
    }
    // A peer's table alone must not make us allocate much: bodies above FIRST_ALLOCATION grow
    // (doubling) as their bytes arrive.
    expected = (int) (totalWords * 8);
    body = new byte[Math.min(expected, FIRST_ALLOCATION)];
    sizes = table;
    filled = 0;
    return true;
  }
}
