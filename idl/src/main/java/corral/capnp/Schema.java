// Bootstrap: a minimal hand-written reader of schema.capnp, just enough for capnpc-corral to run
// once. The generator then generates the full reader from schema.capnp, which replaces this file.
package corral.capnp;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructList;
import org.capnproto.StructReader;
import org.capnproto.StructSize;

public final class Schema {
  private Schema() {}

  /** A factory for a reader-only struct: builders exist only so that readers can be copied. */
  abstract static class BootFactory<R extends StructReader>
      extends org.capnproto.StructFactory<BootBuilder, R> {
    private final StructSize size;

    BootFactory(int data, int ptrs) {
      size = new StructSize((short) data, (short) ptrs);
    }

    @Override
    public BootBuilder constructBuilder(SegmentBuilder s, int d, int p, int ds, short pc) {
      return new BootBuilder(s, d, p, ds, pc);
    }

    @Override
    public StructSize structSize() {
      return size;
    }

    @Override
    public R asReader(BootBuilder b) {
      throw new UnsupportedOperationException();
    }
  }

  static final class BootBuilder extends StructBuilder {
    BootBuilder(SegmentBuilder s, int d, int p, int ds, short pc) {
      super(s, d, p, ds, pc);
    }
  }

  /** Base of every bootstrap reader: exposes the protected accessors to sibling classes. */
  abstract static class R extends StructReader {
    R(SegmentReader s, int d, int p, int ds, short pc, int nl) {
      super(s, d, p, ds, pc, nl);
    }

    <T extends R> T same(Ctor<T> c) {
      return c.make(segment, data, pointers, dataSize, pointerCount, nestingLimit);
    }

    org.capnproto.Text.Reader text(int i) {
      return _getPointerField(org.capnproto.Text.factory, i, null, 0, 0);
    }

    <T> StructList.Reader<T> list(StructList.Factory<?, ?> f, int i) {
      @SuppressWarnings("unchecked")
      StructList.Reader<T> r = (StructList.Reader<T>) _getPointerField(f, i);
      return r;
    }

    short u16(int i) {
      return _getShortField(i);
    }
  }

  interface Ctor<T> {
    T make(SegmentReader s, int d, int p, int ds, short pc, int nl);
  }

  static <T extends R> BootFactory<T> factory(int data, int ptrs, Ctor<T> c) {
    return new BootFactory<T>(data, ptrs) {
      @Override
      public T constructReader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
        return c.make(s, d, p, ds, pc, nl);
      }
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends R> StructList.Factory listOf(BootFactory<T> f) {
    return new StructList.Factory(f);
  }

  public static final class Node {
    public enum Which { FILE, STRUCT, ENUM, INTERFACE, CONST, ANNOTATION, _NOT_IN_SCHEMA }

    public static final BootFactory<Reader> factory = factory(5, 6, Reader::new);
    static final StructList.Factory<?, ?> listFactory = listOf(factory);

    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) {
        super(s, d, p, ds, pc, nl);
      }

      public long getId() { return _getLongField(0); }
      public org.capnproto.Text.Reader getDisplayName() { return text(0); }
      public int getDisplayNamePrefixLength() { return _getIntField(2); }
      public long getScopeId() { return _getLongField(2); }
      public StructList.Reader<Parameter.Reader> getParameters() { return list(Parameter.listFactory, 5); }
      public StructList.Reader<NestedNode.Reader> getNestedNodes() { return list(NestedNode.listFactory, 1); }
      public StructList.Reader<Annotation.Reader> getAnnotations() { return list(Annotation.listFactory, 2); }
      public Which which() {
        int w = _getShortField(6);
        return w < 6 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
      }
      public Struct.Reader getStruct() { return same(Struct.Reader::new); }
      public Enum.Reader getEnum() { return same(Enum.Reader::new); }
      public Interface.Reader getInterface() { return same(Interface.Reader::new); }
      public Const.Reader getConst() { return same(Const.Reader::new); }
    }

    public static final class Struct {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public short getDataWordCount() { return _getShortField(7); }
        public short getPointerCount() { return _getShortField(12); }
        public short getDiscriminantCount() { return _getShortField(15); }
        public int getDiscriminantOffset() { return _getIntField(8); }
        public StructList.Reader<Field.Reader> getFields() { return list(Field.listFactory, 3); }
      }
    }

    public static final class Enum {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public StructList.Reader<Enumerant.Reader> getEnumerants() { return list(Enumerant.listFactory, 3); }
      }
    }

    public static final class Interface {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public StructList.Reader<Method.Reader> getMethods() { return list(Method.listFactory, 3); }
        public StructList.Reader<Superclass.Reader> getSuperclasses() { return list(Superclass.listFactory, 4); }
      }
    }

    public static final class Const {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public Type.Reader getType() { return _getPointerField(Type.factory, 3); }
        public Value.Reader getValue() { return _getPointerField(Value.factory, 4); }
      }
    }

    public static final class Parameter {
      static final BootFactory<Reader> factory = factory(0, 1, Reader::new);
      static final StructList.Factory<?, ?> listFactory = listOf(factory);
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public org.capnproto.Text.Reader getName() { return text(0); }
      }
    }

    public static final class NestedNode {
      static final BootFactory<Reader> factory = factory(1, 1, Reader::new);
      static final StructList.Factory<?, ?> listFactory = listOf(factory);
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public org.capnproto.Text.Reader getName() { return text(0); }
        public long getId() { return _getLongField(0); }
      }
    }

    public static final class SourceInfo {
      public static final BootFactory<Reader> factory = factory(1, 2, Reader::new);
      static final StructList.Factory<?, ?> listFactory = listOf(factory);
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public long getId() { return _getLongField(0); }
        public boolean hasDocComment() { return !_pointerFieldIsNull(0); }
        public org.capnproto.Text.Reader getDocComment() { return text(0); }
        public StructList.Reader<Member.Reader> getMembers() { return list(Member.listFactory, 1); }
      }

      public static final class Member {
        static final BootFactory<Reader> factory = factory(0, 1, Reader::new);
        static final StructList.Factory<?, ?> listFactory = listOf(factory);
        public static final class Reader extends R {
          Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
          public boolean hasDocComment() { return !_pointerFieldIsNull(0); }
          public org.capnproto.Text.Reader getDocComment() { return text(0); }
        }
      }
    }
  }

  public static final class Field {
    public enum Which { SLOT, GROUP, _NOT_IN_SCHEMA }

    static final BootFactory<Reader> factory = factory(3, 4, Reader::new);
    static final StructList.Factory<?, ?> listFactory = listOf(factory);

    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public org.capnproto.Text.Reader getName() { return text(0); }
      public short getDiscriminantValue() { return _getShortField(1, (short) -1); }
      public Which which() {
        int w = _getShortField(4);
        return w < 2 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
      }
      public Slot.Reader getSlot() { return same(Slot.Reader::new); }
      public Group.Reader getGroup() { return same(Group.Reader::new); }
    }

    public static final class Slot {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public int getOffset() { return _getIntField(1); }
        public Type.Reader getType() { return _getPointerField(Type.factory, 2); }
        public Value.Reader getDefaultValue() { return _getPointerField(Value.factory, 3); }
      }
    }

    public static final class Group {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public long getTypeId() { return _getLongField(2); }
      }
    }
  }

  public static final class Enumerant {
    static final BootFactory<Reader> factory = factory(1, 2, Reader::new);
    static final StructList.Factory<?, ?> listFactory = listOf(factory);
    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public org.capnproto.Text.Reader getName() { return text(0); }
    }
  }

  public static final class Superclass {
    static final BootFactory<Reader> factory = factory(1, 1, Reader::new);
    static final StructList.Factory<?, ?> listFactory = listOf(factory);
    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public long getId() { return _getLongField(0); }
      public Brand.Reader getBrand() { return _getPointerField(Brand.factory, 0); }
    }
  }

  public static final class Method {
    static final BootFactory<Reader> factory = factory(3, 5, Reader::new);
    static final StructList.Factory<?, ?> listFactory = listOf(factory);
    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public org.capnproto.Text.Reader getName() { return text(0); }
      public long getParamStructType() { return _getLongField(1); }
      public long getResultStructType() { return _getLongField(2); }
      public Brand.Reader getParamBrand() { return _getPointerField(Brand.factory, 2); }
      public Brand.Reader getResultBrand() { return _getPointerField(Brand.factory, 3); }
    }
  }

  public static final class Type {
    public enum Which {
      VOID, BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
      TEXT, DATA, LIST, ENUM, STRUCT, INTERFACE, ANY_POINTER, _NOT_IN_SCHEMA
    }

    static final BootFactory<Reader> factory = factory(3, 1, Reader::new);

    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public Which which() {
        int w = _getShortField(0);
        return w < 19 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
      }
      public List.Reader getList() { return same(List.Reader::new); }
      public Enum.Reader getEnum() { return same(Enum.Reader::new); }
      public Struct.Reader getStruct() { return same(Struct.Reader::new); }
      public Interface.Reader getInterface() { return same(Interface.Reader::new); }
      public AnyPointer.Reader getAnyPointer() { return same(AnyPointer.Reader::new); }
    }

    public static final class List {
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public Type.Reader getElementType() { return _getPointerField(Type.factory, 0); }
      }
    }

    /** Shared shape of enum/struct/interface: typeId and brand. */
    abstract static class Ref extends R {
      Ref(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public long getTypeId() { return _getLongField(1); }
      public Brand.Reader getBrand() { return _getPointerField(Brand.factory, 0); }
    }

    public static final class Enum {
      public static final class Reader extends Ref {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      }
    }

    public static final class Struct {
      public static final class Reader extends Ref {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      }
    }

    public static final class Interface {
      public static final class Reader extends Ref {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      }
    }

    public static final class AnyPointer {
      public enum Which { UNCONSTRAINED, PARAMETER, IMPLICIT_METHOD_PARAMETER, _NOT_IN_SCHEMA }

      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public Which which() {
          int w = _getShortField(4);
          return w < 3 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
        }
        public Parameter.Reader getParameter() { return same(Parameter.Reader::new); }
      }

      public static final class Parameter {
        public static final class Reader extends R {
          Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
          public long getScopeId() { return _getLongField(2); }
          public short getParameterIndex() { return _getShortField(5); }
        }
      }
    }
  }

  public static final class Brand {
    static final BootFactory<Reader> factory = factory(0, 1, Reader::new);
    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public StructList.Reader<Scope.Reader> getScopes() { return list(Scope.listFactory, 0); }
    }

    public static final class Scope {
      public enum Which { BIND, INHERIT, _NOT_IN_SCHEMA }
      static final BootFactory<Reader> factory = factory(2, 1, Reader::new);
      static final StructList.Factory<?, ?> listFactory = listOf(factory);
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public long getScopeId() { return _getLongField(0); }
        public Which which() {
          int w = _getShortField(4);
          return w < 2 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
        }
        public StructList.Reader<Binding.Reader> getBind() { return list(Binding.listFactory, 0); }
      }
    }

    public static final class Binding {
      public enum Which { UNBOUND, TYPE, _NOT_IN_SCHEMA }
      static final BootFactory<Reader> factory = factory(1, 1, Reader::new);
      static final StructList.Factory<?, ?> listFactory = listOf(factory);
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public Which which() {
          int w = _getShortField(0);
          return w < 2 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
        }
        public Type.Reader getType() { return _getPointerField(Type.factory, 0); }
      }
    }
  }

  public static final class Value {
    public enum Which {
      VOID, BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
      TEXT, DATA, LIST, ENUM, STRUCT, INTERFACE, ANY_POINTER, _NOT_IN_SCHEMA
    }

    static final BootFactory<Reader> factory = factory(2, 1, Reader::new);

    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public Which which() {
        int w = _getShortField(0);
        return w < 19 ? Which.values()[w] : Which._NOT_IN_SCHEMA;
      }
      public boolean getBool() { return _getBooleanField(16); }
      public byte getInt8() { return _getByteField(2); }
      public short getInt16() { return _getShortField(1); }
      public int getInt32() { return _getIntField(1); }
      public long getInt64() { return _getLongField(1); }
      public byte getUint8() { return _getByteField(2); }
      public short getUint16() { return _getShortField(1); }
      public int getUint32() { return _getIntField(1); }
      public long getUint64() { return _getLongField(1); }
      public float getFloat32() { return _getFloatField(1); }
      public double getFloat64() { return _getDoubleField(1); }
      public short getEnum() { return _getShortField(1); }
      public boolean hasText() { return !_pointerFieldIsNull(0); }
      public org.capnproto.Text.Reader getText() { return text(0); }
      public boolean hasData() { return !_pointerFieldIsNull(0); }
      public org.capnproto.Data.Reader getData() {
        return _getPointerField(org.capnproto.Data.factory, 0, null, 0, 0);
      }
      public boolean hasList() { return !_pointerFieldIsNull(0); }
      public org.capnproto.AnyPointer.Reader getList() {
        return _getPointerField(org.capnproto.AnyPointer.factory, 0);
      }
      public boolean hasStruct() { return !_pointerFieldIsNull(0); }
      public org.capnproto.AnyPointer.Reader getStruct() {
        return _getPointerField(org.capnproto.AnyPointer.factory, 0);
      }
    }
  }

  public static final class Annotation {
    static final BootFactory<Reader> factory = factory(1, 2, Reader::new);
    static final StructList.Factory<?, ?> listFactory = listOf(factory);
    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public long getId() { return _getLongField(0); }
      public Value.Reader getValue() { return _getPointerField(Value.factory, 0); }
    }
  }

  public static final class CodeGeneratorRequest {
    public static final BootFactory<Reader> factory = factory(0, 4, Reader::new);
    public static final class Reader extends R {
      Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
      public StructList.Reader<Node.Reader> getNodes() { return list(Node.listFactory, 0); }
      public StructList.Reader<RequestedFile.Reader> getRequestedFiles() { return list(RequestedFile.listFactory, 1); }
      public StructList.Reader<Node.SourceInfo.Reader> getSourceInfo() { return list(Node.SourceInfo.listFactory, 3); }
    }

    public static final class RequestedFile {
      static final BootFactory<Reader> factory = factory(1, 2, Reader::new);
      static final StructList.Factory<?, ?> listFactory = listOf(factory);
      public static final class Reader extends R {
        Reader(SegmentReader s, int d, int p, int ds, short pc, int nl) { super(s, d, p, ds, pc, nl); }
        public long getId() { return _getLongField(0); }
        public org.capnproto.Text.Reader getFilename() { return text(0); }
      }
    }
  }
}
