package corral.runtime.rpc;

import java.nio.ByteBuffer;
import org.capnproto.Arena;
import org.capnproto.SegmentReader;

/**
 * A segment of a received message that knows the message's {@link CapTable}, so that readers
 * generated for capability-typed fields can turn a capability pointer's index into a capability.
 * (The {@code org.capnproto} runtime has no place for a cap table; this subclass is ours.)
 */
final class CapSegmentReader extends SegmentReader {
  final CapTable caps;

  CapSegmentReader(ByteBuffer buffer, Arena arena, CapTable caps) {
    super(buffer, arena);
    this.caps = caps;
  }
}
