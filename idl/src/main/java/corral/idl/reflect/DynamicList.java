package corral.idl.reflect;

import org.capnproto.AnyPointer;
import org.capnproto.DataList;
import org.capnproto.ListBuilder;
import org.capnproto.ListFactory;
import org.capnproto.ListList;
import org.capnproto.ListReader;
import org.capnproto.PrimitiveList;
import org.capnproto.StructList;
import org.capnproto.TextList;

/**
 * A list of any element type, read or built through its {@link ValueType}. Elements come back as
 * the Java types {@link DynamicStruct} documents for fields. Lists of interfaces and of AnyPointer
 * can be sized but their elements are opaque ({@code null}).
 */
public final class DynamicList {
  private DynamicList() {}

  /** The runtime's factory for lists of this element type. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static ListFactory<?, ?> factory(ValueType element) {
    return switch (element.kind()) {
      case VOID -> PrimitiveList.Void.factory;
      case BOOL -> PrimitiveList.Boolean.factory;
      case INT8, UINT8 -> PrimitiveList.Byte.factory;
      case INT16, UINT16, ENUM -> PrimitiveList.Short.factory;
      case INT32, UINT32 -> PrimitiveList.Int.factory;
      case INT64, UINT64 -> PrimitiveList.Long.factory;
      case FLOAT32 -> PrimitiveList.Float.factory;
      case FLOAT64 -> PrimitiveList.Double.factory;
      case TEXT -> TextList.factory;
      case DATA, INTERFACE, ANY_POINTER -> DataList.factory;
      case STRUCT -> new StructList.Factory<>(element.structSchema().factory());
      case LIST -> new ListList.Factory(factory(element.element()));
    };
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static Reader readField(WireStruct.Reader wire, int pointer, ValueType element) {
    ListFactory f = factory(element);
    return new Reader(element, (ListReader) wire.pointer(f, pointer));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static Builder getField(WireStruct.Builder wire, int pointer, ValueType element) {
    ListFactory f = factory(element);
    return new Builder(element, (ListBuilder) wire.pointer(f, pointer));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static Builder initField(WireStruct.Builder wire, int pointer, ValueType element, int size) {
    ListFactory f = factory(element);
    return new Builder(element, (ListBuilder) wire.initPointer(f, pointer, size));
  }

  /** Reads a list stored behind an AnyPointer (a default value in a schema node). */
  static Reader read(AnyPointer.Reader pointer, ValueType listType) {
    return new Reader(listType.element(), (ListReader) pointer.getAs(factory(listType.element())));
  }

  /** Copies a list stored behind an AnyPointer into a struct's pointer slot. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static void copy(WireStruct.Builder into, int pointer, AnyPointer.Reader from, ValueType type) {
    ListFactory f = factory(type.element());
    into.setPointer(f, pointer, (ListReader) from.getAs(f));
  }

  /** Reads one list; valid as long as its message. */
  public static final class Reader {
    private final ValueType element;
    private final ListReader list;

    Reader(ValueType element, ListReader list) {
      this.element = element;
      this.list = list;
    }

    public ValueType elementType() {
      return element;
    }

    public int size() {
      return list.size();
    }

    @SuppressWarnings("unchecked")
    public Object get(int index) {
      if (index < 0 || index >= list.size()) {
        throw new IndexOutOfBoundsException(
            "index " + index + " of a list of " + list.size() + " " + element);
      }
      return switch (element.kind()) {
        case VOID -> org.capnproto.Void.VOID;
        case BOOL -> ((PrimitiveList.Boolean.Reader) list).get(index);
        case INT8 -> ((PrimitiveList.Byte.Reader) list).get(index);
        case UINT8 -> (short) (((PrimitiveList.Byte.Reader) list).get(index) & 0xff);
        case INT16 -> ((PrimitiveList.Short.Reader) list).get(index);
        case UINT16 -> ((PrimitiveList.Short.Reader) list).get(index) & 0xffff;
        case ENUM ->
            new DynamicEnum(
                element.enumSchema(), ((PrimitiveList.Short.Reader) list).get(index) & 0xffff);
        case INT32 -> ((PrimitiveList.Int.Reader) list).get(index);
        case UINT32 -> Integer.toUnsignedLong(((PrimitiveList.Int.Reader) list).get(index));
        case INT64, UINT64 -> ((PrimitiveList.Long.Reader) list).get(index);
        case FLOAT32 -> ((PrimitiveList.Float.Reader) list).get(index);
        case FLOAT64 -> ((PrimitiveList.Double.Reader) list).get(index);
        case TEXT -> ((TextList.Reader) list).get(index).toString();
        case DATA -> ((DataList.Reader) list).get(index).toArray();
        case STRUCT ->
            new DynamicStruct.Reader(
                element.structSchema(), ((StructList.Reader<WireStruct.Reader>) list).get(index));
        case LIST -> new Reader(element.element(), ((ListList.Reader<ListReader>) list).get(index));
        case INTERFACE, ANY_POINTER -> null;
      };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    void copyTo(WireStruct.Builder into, int pointer) {
      ListFactory f = factory(element);
      into.setPointer(f, pointer, list);
    }

    @Override
    public String toString() {
      return TextFormat.printShort(this);
    }
  }

  /** Builds one list; confined to the thread that owns its message. */
  public static final class Builder {
    private final ValueType element;
    private final ListBuilder list;

    Builder(ValueType element, ListBuilder list) {
      this.element = element;
      this.list = list;
    }

    public ValueType elementType() {
      return element;
    }

    public int size() {
      return list.size();
    }

    /** A struct element's builder, or a nested list's builder; else the element's value. */
    @SuppressWarnings("unchecked")
    public Object get(int index) {
      checkIndex(index);
      return switch (element.kind()) {
        case STRUCT ->
            new DynamicStruct.Builder(
                element.structSchema(), ((StructList.Builder<WireStruct.Builder>) list).get(index));
        case LIST ->
            new Builder(element.element(), ((ListList.Builder<ListBuilder>) list).get(index));
        default -> asReader().get(index);
      };
    }

    /** Makes element {@code index} of a list of lists a new list of {@code size} elements. */
    @SuppressWarnings("unchecked")
    public Builder init(int index, int size) {
      checkIndex(index);
      if (element.kind() != ValueType.Kind.LIST) {
        throw new IllegalArgumentException("elements of List(" + element + ") are not lists");
      }
      return new Builder(
          element.element(), ((ListList.Builder<ListBuilder>) list).init(index, size));
    }

    /**
     * Sets element {@code index}; accepts what {@link DynamicStruct.Builder#set} accepts for a
     * field of the element type. Struct elements are built in place through {@link #get(int)}.
     */
    public void set(int index, Object value) {
      checkIndex(index);
      String where = "element " + index + " of List(" + element + ")";
      switch (element.kind()) {
        case VOID -> {}
        case BOOL -> ((PrimitiveList.Boolean.Builder) list).set(index, Values.bool(value, where));
        case INT8, UINT8 ->
            ((PrimitiveList.Byte.Builder) list)
                .set(index, (byte) Values.integerBits(value, element, where));
        case INT16, UINT16 ->
            ((PrimitiveList.Short.Builder) list)
                .set(index, (short) Values.integerBits(value, element, where));
        case ENUM ->
            ((PrimitiveList.Short.Builder) list)
                .set(index, (short) Values.enumOrdinal(value, element, where));
        case INT32, UINT32 ->
            ((PrimitiveList.Int.Builder) list)
                .set(index, (int) Values.integerBits(value, element, where));
        case INT64, UINT64 ->
            ((PrimitiveList.Long.Builder) list)
                .set(index, Values.integerBits(value, element, where));
        case FLOAT32 ->
            ((PrimitiveList.Float.Builder) list)
                .set(index, (float) Values.floatValue(value, element, where));
        case FLOAT64 ->
            ((PrimitiveList.Double.Builder) list)
                .set(index, Values.floatValue(value, element, where));
        case TEXT -> ((TextList.Builder) list).set(index, Values.text(value, where));
        case DATA -> ((DataList.Builder) list).set(index, Values.data(value, where));
        case STRUCT -> {
          if (!(value instanceof DynamicStruct.Reader r) || r.schema().id() != element.typeId()) {
            throw new IllegalArgumentException(
                where + " is " + element + "; cannot take " + Values.describe(value));
          }
          @SuppressWarnings("unchecked")
          StructList.Builder<WireStruct.Builder> structs =
              (StructList.Builder<WireStruct.Builder>) list;
          structs.setWithCaveats(r.schema().factory(), index, r.wire());
        }
        case LIST, INTERFACE, ANY_POINTER ->
            throw new IllegalArgumentException(
                where + " cannot be set whole; use init(" + index + ", size) for a nested list");
      }
    }

    @SuppressWarnings("unchecked")
    public Reader asReader() {
      ListReader reader =
          switch (element.kind()) {
            case VOID -> null;
            case BOOL -> ((PrimitiveList.Boolean.Builder) list).asReader();
            case INT8, UINT8 -> ((PrimitiveList.Byte.Builder) list).asReader();
            case INT16, UINT16, ENUM -> ((PrimitiveList.Short.Builder) list).asReader();
            case INT32, UINT32 -> ((PrimitiveList.Int.Builder) list).asReader();
            case INT64, UINT64 -> ((PrimitiveList.Long.Builder) list).asReader();
            case FLOAT32 -> ((PrimitiveList.Float.Builder) list).asReader();
            case FLOAT64 -> ((PrimitiveList.Double.Builder) list).asReader();
            case TEXT -> ((TextList.Builder) list).asReader();
            case DATA, INTERFACE, ANY_POINTER -> ((DataList.Builder) list).asReader();
            case STRUCT ->
                ((StructList.Builder<WireStruct.Builder>) list)
                    .asReader(element.structSchema().factory());
            case LIST -> asListListReader();
          };
      if (reader == null) {
        // A Void list has no data; its reader needs only the size.
        reader = new PrimitiveList.Void.Reader(null, 0, list.size(), 0, 0, (short) 0, 0x7fffffff);
      }
      return new Reader(element, reader);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private ListReader asListListReader() {
      return ((ListList.Builder) list).asReader(factory(element.element()));
    }

    private void checkIndex(int index) {
      if (index < 0 || index >= list.size()) {
        throw new IndexOutOfBoundsException(
            "index " + index + " of a list of " + list.size() + " " + element);
      }
    }
  }
}
