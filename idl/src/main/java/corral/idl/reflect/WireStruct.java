package corral.idl.reflect;

import org.capnproto.AnyPointer;
import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;
import org.capnproto.StructSize;

/**
 * Untyped access to a struct's data and pointer sections through the {@code org.capnproto} runtime,
 * whose accessors are protected for generated code: the one place Corral walks structs without
 * their generated classes. This package's dynamic values read fields by offset; the RPC engine
 * walks pointer paths (pipelines) and copies structs holding capabilities by their raw sections.
 * Every access goes through the runtime's readers, which check bounds, far pointers and the
 * traversal limit. Not an API for users: generated code and the dynamic values are.
 *
 * <p>One {@link Factory} exists per struct size; it knows the size, which the runtime needs to
 * allocate and to upgrade structs written by an older schema ({@link #ANY} reads any struct). Field
 * offsets follow the schema: data offsets are in units of the field's own size (bits for {@code
 * Bool}), pointer offsets are pointer indices.
 */
public final class WireStruct {
  private WireStruct() {}

  /** Reads any struct for its sections; builds empty structs. */
  public static final Factory ANY = new Factory(new StructSize((short) 0, (short) 0));

  /** Reads fields of one struct; valid as long as the message it came from. */
  public static final class Reader extends StructReader {
    Reader(
        SegmentReader segment,
        int data,
        int pointers,
        int dataSize,
        short pointerCount,
        int nestingLimit) {
      super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
    }

    boolean bool(int offset, boolean mask) {
      return _getBooleanField(offset, mask);
    }

    byte int8(int offset, byte mask) {
      return _getByteField(offset, mask);
    }

    short int16(int offset, short mask) {
      return _getShortField(offset, mask);
    }

    int int32(int offset, int mask) {
      return _getIntField(offset, mask);
    }

    long int64(int offset, long mask) {
      return _getLongField(offset, mask);
    }

    float float32(int offset, int mask) {
      return _getFloatField(offset, mask);
    }

    double float64(int offset, long mask) {
      return _getDoubleField(offset, mask);
    }

    boolean isNull(int pointer) {
      return _pointerFieldIsNull(pointer);
    }

    <T> T pointer(org.capnproto.FromPointerReader<T> factory, int pointer) {
      return _getPointerField(factory, pointer);
    }

    /** The segment holding the data and pointer sections. */
    public SegmentReader segment() {
      return segment;
    }

    /** The byte offset of the data section in {@link #segment()}. */
    public int dataByte() {
      return data;
    }

    /** The size of the data section in bits. */
    public int dataBits() {
      return dataSize;
    }

    /** The word offset of the pointer section in {@link #segment()}. */
    public int pointerWord() {
      return pointers;
    }

    /** The number of pointers in the pointer section. */
    public short pointerCount() {
      return pointerCount;
    }

    /** Pointer {@code index}, or null beyond the pointer section. */
    public AnyPointer.Reader pointerAt(int index) {
      if (index < 0 || index >= pointerCount) {
        return null;
      }
      return new AnyPointer.Reader(segment, pointers + index, nestingLimit);
    }
  }

  /** Reads and writes fields of one struct; confined to the thread that owns the message. */
  public static final class Builder extends StructBuilder {
    Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
      super(segment, data, pointers, dataSize, pointerCount);
    }

    Reader asReader() {
      return new Reader(segment, data, pointers, dataSize, pointerCount, 0x7fffffff);
    }

    /** The segment holding the data and pointer sections. */
    public SegmentBuilder segment() {
      return segment;
    }

    /** The byte offset of the data section in {@link #segment()}. */
    public int dataByte() {
      return data;
    }

    /** The word offset of the pointer section in {@link #segment()}. */
    public int pointerWord() {
      return pointers;
    }

    boolean bool(int offset, boolean mask) {
      return _getBooleanField(offset, mask);
    }

    byte int8(int offset, byte mask) {
      return _getByteField(offset, mask);
    }

    short int16(int offset, short mask) {
      return _getShortField(offset, mask);
    }

    int int32(int offset, int mask) {
      return _getIntField(offset, mask);
    }

    long int64(int offset, long mask) {
      return _getLongField(offset, mask);
    }

    float float32(int offset, int mask) {
      return _getFloatField(offset, mask);
    }

    double float64(int offset, long mask) {
      return _getDoubleField(offset, mask);
    }

    void setBool(int offset, boolean value, boolean mask) {
      _setBooleanField(offset, value, mask);
    }

    void setInt8(int offset, byte value, byte mask) {
      _setByteField(offset, value, mask);
    }

    void setInt16(int offset, short value, short mask) {
      _setShortField(offset, value, mask);
    }

    void setInt32(int offset, int value, int mask) {
      _setIntField(offset, value, mask);
    }

    void setInt64(int offset, long value, long mask) {
      _setLongField(offset, value, mask);
    }

    void setFloat32(int offset, float value, int mask) {
      _setFloatField(offset, value, mask);
    }

    void setFloat64(int offset, double value, long mask) {
      _setDoubleField(offset, value, mask);
    }

    boolean isNull(int pointer) {
      return _pointerFieldIsNull(pointer);
    }

    void clearPointer(int pointer) {
      _clearPointerField(pointer);
    }

    <T> T pointer(org.capnproto.FromPointerBuilder<T> factory, int pointer) {
      return _getPointerField(factory, pointer);
    }

    <T> T initPointer(org.capnproto.FromPointerBuilder<T> factory, int pointer, int size) {
      return _initPointerField(factory, pointer, size);
    }

    <B, R> void setPointer(org.capnproto.SetPointerBuilder<B, R> factory, int pointer, R value) {
      _setPointerField(factory, pointer, value);
    }

    /** The number of data bits this struct has room for (older messages may have fewer). */
    int dataBits() {
      return dataSize;
    }

    int pointerCount() {
      return pointerCount;
    }
  }

  /** Makes readers and builders of one struct size. */
  public static final class Factory extends StructFactory<Builder, Reader> {
    private final StructSize size;

    /** Builds structs of {@code size}; reads structs of any size. */
    public Factory(StructSize size) {
      this.size = size;
    }

    @Override
    public Reader constructReader(
        SegmentReader segment,
        int data,
        int pointers,
        int dataSize,
        short pointerCount,
        int nestingLimit) {
      return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
    }

    @Override
    public Builder constructBuilder(
        SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
      return new Builder(segment, data, pointers, dataSize, pointerCount);
    }

    @Override
    public StructSize structSize() {
      return size;
    }

    @Override
    public Reader asReader(Builder builder) {
      return builder.asReader();
    }
  }
}
