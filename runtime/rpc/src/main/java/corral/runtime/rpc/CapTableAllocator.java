package corral.runtime.rpc;

import org.capnproto.DefaultAllocator;

/**
 * The allocator of a message being built for RPC; it carries the message's {@link CapTable}, the
 * only per-message object a {@code SegmentBuilder} can reach (through its arena).
 */
final class CapTableAllocator extends DefaultAllocator {
  final CapTable caps;

  CapTableAllocator(CapTable caps) {
    this.caps = caps;
  }
}
