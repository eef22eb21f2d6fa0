package corral.runtime.rpc;

import org.capnproto.AnyPointer;
import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;
import org.capnproto.StructSize;

/**
 * A struct of any type, read or built for its raw sections: how the engine walks pointer paths
 * (pipelines) and copies structs holding capabilities ({@link PointerCopier}) through the {@code
 * org.capnproto} readers, which check bounds, far pointers and the traversal limit.
 */
final class RawStruct {
  private RawStruct() {}

  /** A struct read for its raw sections. */
  static final class Reader extends StructReader {
    Reader(SegmentReader segment, int data, int pointers, int dataSize, short count, int nest) {
      super(segment, data, pointers, dataSize, count, nest);
    }

    SegmentReader segment() {
      return segment;
    }

    int dataByte() {
      return data;
    }

    int dataBits() {
      return dataSize;
    }

    int pointerWord() {
      return pointers;
    }

    short pointerCount() {
      return pointerCount;
    }

    /** Pointer field {@code index}, or null beyond the pointer section. */
    AnyPointer.Reader pointer(int index) {
      if (index < 0 || index >= pointerCount) {
        return null;
      }
      return new AnyPointer.Reader(segment, pointers + index, nestingLimit);
    }
  }

  /** A struct built for its raw sections. */
  static final class Builder extends StructBuilder {
    Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short count) {
      super(segment, data, pointers, dataSize, count);
    }

    SegmentBuilder segment() {
      return segment;
    }

    Reader asReader() {
      return new Reader(segment, data, pointers, dataSize, pointerCount, Integer.MAX_VALUE);
    }

    int dataByte() {
      return data;
    }

    int pointerWord() {
      return pointers;
    }
  }

  static final StructFactory<Builder, Reader> FACTORY =
      factory(new StructSize((short) 0, (short) 0));

  static StructFactory<Builder, Reader> factory(StructSize size) {
    return new StructFactory<>() {
      @Override
      public Reader constructReader(
          SegmentReader segment, int data, int pointers, int dataSize, short count, int nest) {
        return new Reader(segment, data, pointers, dataSize, count, nest);
      }

      @Override
      public Builder constructBuilder(
          SegmentBuilder segment, int data, int pointers, int dataSize, short count) {
        return new Builder(segment, data, pointers, dataSize, count);
      }

      @Override
      public StructSize structSize() {
        return size;
      }

      @Override
      public Reader asReader(Builder builder) {
        return builder.asReader();
      }
    };
  }
}
