package corral.runtime.rpc.transport;

import java.nio.ByteBuffer;

/**
 * One Cap'n Proto message as it travels in a stream: its segments, in order. Each buffer is
 * little-endian, positioned at 0, with a whole number of 8-byte words.
 *
 * <p>A decoded frame owns its buffers (copied out of Netty's), so it may outlive the channel read.
 */
public record Frame(ByteBuffer[] segments) {

  /** The message size in words, without the segment table. */
  public long words() {
    long n = 0;
    for (ByteBuffer s : segments) {
      n += s.remaining() / 8;
    }
    return n;
  }
}
