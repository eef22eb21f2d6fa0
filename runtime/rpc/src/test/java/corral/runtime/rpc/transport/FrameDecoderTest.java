package corral.runtime.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@link FrameDecoder} in Netty's in-memory channel: frames split across reads, the
 * bounded up-front allocation for large declared frames, and the limits.
 *
 * <p>Allocation is measured with the JVM's per-thread allocation counter ({@code EmbeddedChannel}
 * decodes in the calling thread); the bounds are loose (several MiB) against declared sizes of tens
 * of MiB, so they do not depend on the collector or on TLAB sizes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameDecoderTest {
  private static final int MIB = 1 << 20;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @BeforeAll
  static void warmUp() {
    // Class loading and the first decode allocate; keep that out of the measured tests.
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.DEFAULT));
    ch.writeInbound(Unpooled.wrappedBuffer(frame(new int[] {1}, new Random(1))));
    Frame f = ch.readInbound();
    assertEquals(1, f.words());
    ch.finishAndReleaseAll();
  }

  /** A whole frame: segment table (with padding) and segments of {@code words[i]} random words. */
  static byte[] frame(int[] words, Random random) {
    int tableBytes = ((4 + 4 * words.length) + 7) & ~7;
    long body = 0;
    for (int w : words) {
      body += 8L * w;
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(tableBytes + body));
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(words.length - 1);
    for (int w : words) {
      b.putInt(w);
    }
    byte[] bytes = b.array();
    byte[] content = new byte[(int) body];
    random.nextBytes(content);
    System.arraycopy(content, 0, bytes, tableBytes, content.length);
    return bytes;
  }

  /** Only the segment table of a frame declaring segments of {@code words[i]} words. */
  static byte[] header(int... words) {
    int tableBytes = ((4 + 4 * words.length) + 7) & ~7;
    ByteBuffer b = ByteBuffer.allocate(tableBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(words.length - 1);
    for (int w : words) {
      b.putInt(w);
    }
    return b.array();
  }

  static byte[] bodyOf(Frame f) {
    int n = 0;
    for (ByteBuffer s : f.segments()) {
      n += s.remaining();
    }
    byte[] all = new byte[n];
    int at = 0;
    for (ByteBuffer s : f.segments()) {
      s.duplicate().get(all, at, s.remaining());
      at += s.remaining();
    }
    return all;
  }

  static long allocatedSoFar() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  @Test
  void aFrameSplitAcrossManySmallReadsDecodesWithItsSegmentsInOrder() {
    byte[] bytes = frame(new int[] {3, 1, 5}, new Random(7));
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.DEFAULT));
    for (int i = 0; i < bytes.length; i += 3) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(3, bytes.length - i)));
    }
    Frame f = ch.readInbound();
    assertEquals(3, f.segments().length);
    assertEquals(24, f.segments()[0].remaining());
    assertEquals(8, f.segments()[1].remaining());
    assertEquals(40, f.segments()[2].remaining());
    assertEquals(ByteOrder.LITTLE_ENDIAN, f.segments()[0].order());
    byte[] expected = new byte[72];
    System.arraycopy(bytes, 16, expected, 0, 72); // 4 u32s of table: 16 bytes, no padding
    assertArrayEquals(expected, bodyOf(f));
    assertNull(ch.readInbound(), "one frame in, one frame out");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void twoFramesInOneReadComeOutAsTwoFrames() {
    Random random = new Random(3);
    byte[] a = frame(new int[] {2}, random);
    byte[] b = frame(new int[] {1, 1}, random);
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.DEFAULT));
    ch.writeInbound(Unpooled.wrappedBuffer(both));
    assertEquals(2, ((Frame) ch.readInbound()).words());
    Frame second = ch.readInbound();
    assertEquals(2, second.segments().length);
    assertNull(ch.readInbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void aShortHeaderDeclaringTheLargestFrameAllocatesNoBody() {
    // 64 MiB declared (the default limit) by a 16-byte table, and nothing else sent.
    int maxWords = (int) FrameLimits.DEFAULT.maxWords();
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.DEFAULT));
    long before = allocatedSoFar();
    ch.writeInbound(Unpooled.wrappedBuffer(header(maxWords / 2, maxWords / 2)));
    long allocated = allocatedSoFar() - before;
    assertNull(ch.readInbound());
    assertTrue(
        allocated < 64 * 1024,
        "a header declaring 64 MiB made the decoder allocate " + allocated + " bytes");
    ch.finishAndReleaseAll();
  }

  @Test
  void aLargeFrameGrowsAsItsBytesArriveAndDecodesWhole() {
    // 24 MiB declared; after 1.5 MiB of body the decoder holds about 2 MiB, not 24.
    int words = 3 * MIB;
    byte[] bytes = frame(new int[] {words - 1, 1}, new Random(11));
    int tableBytes = 16;
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameLimits.DEFAULT));
    int chunk = 64 * 1024;
    int partial = tableBytes + 3 * MIB / 2;
    long before = allocatedSoFar();
    for (int i = 0; i < partial; i += chunk) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, partial - i)));
    }
    long allocated = allocatedSoFar() - before;
    assertNull(ch.readInbound(), "the frame is not complete yet");
    assertTrue(
        allocated < 6L * MIB,
        "1.5 MiB of a 24 MiB frame made the decoder allocate " + allocated + " bytes");
    for (int i = partial; i < bytes.length; i += chunk) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    Frame f = ch.readInbound();
    assertEquals(words, f.words());
    assertEquals(8L * (words - 1), f.segments()[0].remaining());
    assertEquals(8, f.segments()[1].remaining());
    byte[] body = bodyOf(f);
    byte[] expected = new byte[bytes.length - tableBytes];
    System.arraycopy(bytes, tableBytes, expected, 0, expected.length);
    assertArrayEquals(expected, body);
    assertNull(ch.readInbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void aTableOverTheWordLimitFailsNamingTheSizeAndTheDecoderReadsNothingMore() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(new FrameLimits(512, 1000)));
    DecoderException e =
        assertThrows(
            DecoderException.class,
            () -> ch.writeInbound(Unpooled.wrappedBuffer(header(600, 401))));
    FrameException cause = assertInstanceOf(FrameException.class, e.getCause());
    assertEquals(
        "message of at least 1001 words exceeds the limit of 1000 words", cause.getMessage());
    // A valid frame afterwards is not decoded: the stream is unusable after a framing error.
    ch.writeInbound(Unpooled.wrappedBuffer(frame(new int[] {1}, new Random(5))));
    assertNull(ch.readInbound());
    ch.finishAndReleaseAll();
  }

  @Test
  void aTableOverTheSegmentLimitFailsBeforeTheRestOfTheTableArrives() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(new FrameLimits(4, 1000)));
    byte[] count = {4, 0, 0, 0}; // five segments; their sizes never sent
    DecoderException e =
        assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(count)));
    FrameException cause = assertInstanceOf(FrameException.class, e.getCause());
    assertEquals("message has 5 segments, more than the limit of 4", cause.getMessage());
    ch.finishAndReleaseAll();
  }

  @Test
  void theWordLimitIsEnforcedForAFrameLargerThanTheFirstAllocation() {
    // Each segment under the limit, the total over it: the sum is what counts.
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(new FrameLimits(512, 2 * MIB)));
    DecoderException e =
        assertThrows(
            DecoderException.class,
            () -> ch.writeInbound(Unpooled.wrappedBuffer(header(MIB, MIB, 1))));
    assertInstanceOf(FrameException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("2097153 words"), e.getCause().getMessage());
    ch.finishAndReleaseAll();
  }
}
