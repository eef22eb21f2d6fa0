package corral.runtime.rpc;

import corral.idl.reflect.WireStruct;
import corral.runtime.rpc.protocol.Rpc;
import org.capnproto.AnyPointer;
import org.capnproto.MessageBuilder;
import org.capnproto.SegmentReader;

/**
 * Parameters or results: a content pointer and the cap table its capability pointers index. Either
 * built here ({@link #outgoing()} is the RPC message under construction, sent without copying) or
 * received (a reader over a {@link CapSegmentReader} message).
 *
 * <p>Owns the cap table's references; {@link #release()} drops them.
 */
final class Payload {
  private final AnyPointer.Reader content;
  private final CapTable caps;
  private final OutgoingMessage outgoing;

  private Payload(AnyPointer.Reader content, CapTable caps, OutgoingMessage outgoing) {
    this.content = content;
    this.caps = caps;
    this.outgoing = outgoing;
  }

  static Payload received(AnyPointer.Reader content, CapTable caps) {
    return new Payload(content, caps, null);
  }

  static Payload built(OutgoingMessage message, AnyPointer.Builder content) {
    return new Payload(content.asReader(), message.caps, message);
  }

  AnyPointer.Reader content() {
    return content;
  }

  CapTable caps() {
    return caps;
  }

  /** The message the content was built in, or null for received content. */
  OutgoingMessage outgoing() {
    return outgoing;
  }

  void release() {
    caps.release();
  }

  /** Another owner of the same content: the cap table's references live until both release. */
  Payload share() {
    caps.retain();
    return new Payload(content, caps, outgoing);
  }

  /**
   * Another owner of the same content that has no message to be sent in: each receiver copies the
   * content into a message of its own, so the content can be sent again (a retried call).
   */
  Payload copyableShare() {
    caps.retain();
    return new Payload(content, caps, null);
  }

  /**
   * A new reference to the capability at pointer path {@code ops} below the content (each op a
   * pointer-field index); a broken hook if the path leads elsewhere, null for a null pointer.
   */
  ClientHook capAt(short[] ops) {
    try {
      AnyPointer.Reader p = pointerAt(content, ops);
      if (p == null || p.isNull()) {
        return null;
      }
      SegmentReader segment = CapabilityPointers.segmentOf(p);
      return CapabilityPointers.hookAt(segment, segment.get(CapabilityPointers.offsetOf(p)));
    } catch (RuntimeException e) {
      return new BrokenClient(
          RpcException.failed("pipelined path " + java.util.Arrays.toString(ops) + ": " + e));
    }
  }

  /**
   * The pointer at path {@code ops} below {@code content} (each op a pointer-field index of the
   * struct reached so far), or null when the path meets a null pointer or leaves a struct's pointer
   * section.
   *
   * @throws RuntimeException if a pointer on the path is not a struct pointer (the reader's check)
   */
  static AnyPointer.Reader pointerAt(AnyPointer.Reader content, short[] ops) {
    AnyPointer.Reader p = content;
    for (short op : ops) {
      if (p == null || p.isNull()) {
        return null;
      }
      p = p.getAs(WireStruct.ANY).pointerAt(op);
    }
    return p;
  }

  /** An RPC message being built, with its cap table. Confined to the thread building it. */
  static final class OutgoingMessage {
    final CapTable caps = new CapTable();
    final MessageBuilder builder;
    final Rpc.Message.Builder root;

    OutgoingMessage() {
      CapTableAllocator allocator = new CapTableAllocator(caps);
      allocator.setNextAllocationSizeBytes(1024);
      builder = new MessageBuilder(allocator);
      root = builder.initRoot(Rpc.Message.factory);
    }
  }
}
