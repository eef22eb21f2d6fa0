package corral.runtime.rpc;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;
import org.capnproto.StructSize;

/**
 * A struct seen only for its capability pointers, until the generator emits typed accessors for
 * capability-typed fields: {@code params.getAs(CapStruct.of(Foo.STRUCT_SIZE)).setCap(0, cb)}.
 */
final class CapStruct {
  private CapStruct() {}

  static StructFactory<Builder, Reader> of(StructSize size) {
    return new StructFactory<>() {
      @Override
      public Reader constructReader(
          SegmentReader segment, int data, int pointers, int dataSize, short count, int nesting) {
        return new Reader(segment, data, pointers, dataSize, count, nesting);
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
        throw new UnsupportedOperationException();
      }
    };
  }

  static final class Builder extends StructBuilder {
    Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short count) {
      super(segment, data, pointers, dataSize, count);
    }

    /** Pointer field {@code index} as an AnyPointer (for {@link Client#writeTo}). */
    org.capnproto.AnyPointer.Builder pointer(int index) {
      return _getPointerField(org.capnproto.AnyPointer.factory, index);
    }

    void setCap(int index, Client cap) {
      _clearPointerField(index);
      CapabilityPointers.write(segment, pointers, index, cap);
    }
  }

  static final class Reader extends StructReader {
    Reader(SegmentReader segment, int data, int pointers, int dataSize, short count, int nesting) {
      super(segment, data, pointers, dataSize, count, nesting);
    }

    Client getCap(int index) {
      return CapabilityPointers.read(segment, pointers, pointerCount, index, c -> c);
    }
  }
}
