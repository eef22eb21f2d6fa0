package corral.runtime.rpc;

import corral.capnp.Rpc;
import org.capnproto.AnyPointer;
import org.capnproto.MessageBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;

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
   * A new reference to the capability at pointer path {@code ops} below the content (each op a
   * pointer-field index); a broken hook if the path leads elsewhere, null for a null pointer.
   */
  ClientHook capAt(short[] ops) {
    try {
      AnyPointer.Reader p = content;
      for (short op : ops) {
        if (p.isNull()) {
          return null;
        }
        RawStruct s = p.getAs(RawStruct.FACTORY);
        p = s.pointer(op);
        if (p == null) {
          return null;
        }
      }
      if (p.isNull()) {
        return null;
      }
      SegmentReader segment = CapabilityPointers.segmentOf(p);
      return CapabilityPointers.hookAt(segment, segment.get(CapabilityPointers.offsetOf(p)));
    } catch (RuntimeException e) {
      return new BrokenClient(
          RpcException.failed("pipelined path " + java.util.Arrays.toString(ops) + ": " + e));
    }
  }

  /** A struct read only for its pointer section (pipeline transforms). */
  static final class RawStruct extends StructReader {
    static final StructFactory<Object, RawStruct> FACTORY =
        new StructFactory<>() {
          @Override
          public RawStruct constructReader(
              SegmentReader segment,
              int data,
              int pointers,
              int dataSize,
              short pointerCount,
              int nestingLimit) {
            return new RawStruct(segment, data, pointers, dataSize, pointerCount, nestingLimit);
          }

          @Override
          public Object constructBuilder(
              org.capnproto.SegmentBuilder segment,
              int data,
              int pointers,
              int dataSize,
              short pointerCount) {
            throw new UnsupportedOperationException("read-only");
          }

          @Override
          public org.capnproto.StructSize structSize() {
            return new org.capnproto.StructSize((short) 0, (short) 0);
          }

          @Override
          public RawStruct asReader(Object builder) {
            throw new UnsupportedOperationException("read-only");
          }
        };

    RawStruct(
        SegmentReader segment,
        int data,
        int pointers,
        int dataSize,
        short pointerCount,
        int nestingLimit) {
      super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
    }

    AnyPointer.Reader pointer(int index) {
      if (index < 0 || index >= pointerCount) {
        return null;
      }
      return new AnyPointer.Reader(segment, pointers + index, nestingLimit);
    }
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
