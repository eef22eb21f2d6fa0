package corral.runtime.rpc.transport;

/**
 * Bounds on what a peer may send in one frame; a frame outside them is a protocol violation.
 *
 * @param maxSegments the most segments in one message (the C++ reference allows 512)
 * @param maxWords the most 8-byte words in one message, all segments together
 */
public record FrameLimits(int maxSegments, long maxWords) {
  /** 512 segments, 64 MiB: the C++ reference's segment cap and its default traversal limit. */
  public static final FrameLimits DEFAULT = new FrameLimits(512, 8L * 1024 * 1024);

  public FrameLimits {
    if (maxSegments < 1 || maxWords < 1 || maxWords > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "frame limits must be positive and at most 2^31-1 words: segments "
              + maxSegments
              + ", words "
              + maxWords);
    }
  }
}
