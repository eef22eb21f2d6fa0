package corral.runtime.rpc.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
 * <p><b>Memory follows the bytes, not the table.</b> A segment table only says how many bytes are
 * to come; the body's array grows as they arrive (to at most twice what has arrived, and never
 * beyond the table's total), so a peer that announces a large frame and sends nothing more makes
 * this side allocate nothing. Every byte of body array is taken from the vat's {@link MemoryBudget}
 * first and given back when the frame is complete (its bytes then belong to the RPC layer) or the
 * channel ends; a frame that would take the budget beyond its limit raises a {@link FrameException}
 * naming the budget.
 *
 * <p><b>Frame timeout.</b> A frame whose first byte arrived must be complete within the frame
 * timeout, or a {@link FrameException} saying so is raised (a peer trickling bytes, slowloris,
 * holds its connection and buffer for no longer than that). One timer per connection, armed only
 * while a frame is unfinished between reads.
 *
 * <p><b>One copy.</b> Every read's bytes are copied straight into the body array:
 *
 * <pre>
 *   socket ─read─▶ Netty's (direct) read buffer ─copy─▶ body array ─slices─▶ Frame segments
 * </pre>
 *
 * Since each read is drained completely, {@code ByteToMessageDecoder} never has to merge reads into
 * a cumulation buffer (it does so only for the few bytes of a table split across reads).
 *
 * <p>Confined to its channel's event loop.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private static final byte[] EMPTY = new byte[0];

  private final FrameLimits limits;
  private final MemoryBudget budget;
  private final long timeoutNanos;
  private boolean failed;

  /** The frame being filled, or null between frames. */
  private byte[] body;

  private int filled;
  private int expected;
  private int[] sizes;

  /** Whether a frame's first byte has arrived and its last has not, and when it arrived. */
  private boolean inProgress;

  private long startedNanos;
  private ScheduledFuture<?> timer;

  /** A decoder bounded by {@code limits} only: no shared budget, no frame timeout. */
  public FrameDecoder(FrameLimits limits) {
    this(limits, new MemoryBudget(Long.MAX_VALUE), 0);
  }

  /**
   * A decoder bounded by {@code limits}, taking its buffers from {@code budget}, and requiring a
   * frame to be complete within {@code frameTimeoutNanos} of its first byte (0: no timeout).
   */
  public FrameDecoder(FrameLimits limits, MemoryBudget budget, long frameTimeoutNanos) {
    this.limits = limits;
    this.budget = budget;
    this.timeoutNanos = frameTimeoutNanos;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!inProgress && in.isReadable()) {
      started(ctx);
    }
    if (body == null && !readTable(in)) {
      return;
    }
    int needed = (int) Math.min(expected, (long) filled + in.readableBytes());
    if (needed > body.length) {
      grow(needed);
    }
    int n = Math.min(in.readableBytes(), expected - filled);
    in.readBytes(body, filled, n);
    filled += n;
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
    releaseBody();
    inProgress = false;
    if (in.isReadable()) {
      started(ctx); // the next frame's first bytes came with this one's last
    }
    out.add(new Frame(segments));
  }

  /** Grows the body to hold {@code needed} bytes, taking the growth from the budget. */
  private void grow(int needed) {
    int grown = (int) Math.min(expected, Math.max(needed, 2L * body.length));
    int more = grown - body.length;
    if (!budget.tryReserve(more)) {
      fail();
      throw new FrameException(
          "a frame of "
              + expected
              + " bytes needs "
              + more
              + " more bytes of buffer, but all connections together hold "
              + budget.held()
              + " bytes of the memory budget of "
              + budget.limit()
              + " bytes (memoryBudgetBytes)");
    }
    body = Arrays.copyOf(body, grown);
  }

  private void releaseBody() {
    if (body != null) {
      budget.release(body.length);
    }
    body = null;
    sizes = null;
    filled = 0;
  }

  private void fail() {
    failed = true;
    releaseBody();
    inProgress = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void started(ChannelHandlerContext ctx) {
    inProgress = true;
    startedNanos = System.nanoTime();
    if (timeoutNanos > 0 && timer == null) {
      timer = ctx.executor().schedule(() -> checkTimeout(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The timer fired: fails the unfinished frame if it is older than the timeout, or re-arms. */
  private void checkTimeout(ChannelHandlerContext ctx) {
    timer = null;
    if (failed || !inProgress) {
      return;
    }
    long age = System.nanoTime() - startedNanos;
    if (age < timeoutNanos) {
      timer =
          ctx.executor()
              .schedule(() -> checkTimeout(ctx), timeoutNanos - age, TimeUnit.NANOSECONDS);
      return;
    }
    String progress =
        body == null
            ? "its segment table is incomplete"
            : filled + " of its " + expected + " bytes arrived";
    fail();
    ctx.fireExceptionCaught(
        new FrameException(
            "a frame is unfinished "
                + TimeUnit.NANOSECONDS.toMillis(age)
                + " ms after its first byte ("
                + progress
                + "), beyond the frame timeout of "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                + " ms (frameTimeout)"));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail(); // nothing more arrives: give the buffer back, and decode no partial frame
    super.channelInactive(ctx);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    fail();
  }

  /**
   * Reads the segment table once it has fully arrived; false while it has not. Allocates nothing
   * for the body.
   */
  private boolean readTable(ByteBuf in) {
    if (in.readableBytes() < 4) {
      return false;
    }
    int start = in.readerIndex();
    long segmentCount = in.getUnsignedIntLE(start) + 1;
    if (segmentCount > limits.maxSegments()) {
      fail();
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
        fail();
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
      fail();
      throw new FrameException(
          "message of " + totalWords + " words is larger than a Java array can hold");
    }
    expected = (int) (totalWords * 8);
    body = EMPTY;
    sizes = table;
    filled = 0;
    return true;
  }
}
