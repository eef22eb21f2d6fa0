package corral.idl.reflect;

import corral.capnp.Schema;
import corral.idl.reflect.StructSchema.Field;
import java.util.Optional;
import org.capnproto.AnyPointer;
import org.capnproto.Data;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.Text;

/**
 * A struct of any type, read or built through its {@link StructSchema} instead of generated code:
 * what {@code corral call} and the {@link TextFormat} use.
 *
 * <p>A field whose declared type is a generic parameter has the type its struct's brand binds it to
 * ({@code value} of {@code Box(Text)} is Text); only an unbound one is an AnyPointer.
 *
 * <p>Values come back as Java objects chosen by the field's {@link ValueType.Kind}:
 *
 * <pre>
 *   Void -> org.capnproto.Void.VOID     Text -> String            List -> DynamicList.Reader
 *   Bool -> Boolean                     Data -> byte[]            Struct, group -> DynamicStruct.Reader
 *   IntN -> Byte, Short, Integer, Long  Enum -> DynamicEnum       AnyPointer, interface ->
 *   UInt8 -> Short, UInt16 -> Integer,  Float32 -> Float            org.capnproto.AnyPointer.Reader
 *   UInt32 -> Long, UInt64 -> Long      Float64 -> Double           (opaque)
 *     (the raw bits; print with Long.toUnsignedString)
 * </pre>
 *
 * <p>Readers and builders are views of a message and live as long as it does. Builders are confined
 * to the thread that owns the message, like the message itself.
 */
public final class DynamicStruct {
  private DynamicStruct() {}

  /** Reads the root struct of a message as this type. */
  public static Reader read(MessageReader message, StructSchema schema) {
    return new Reader(schema, message.getRoot(schema.factory()));
  }

  /** Starts a new message whose root is an empty struct of this type. */
  public static Builder newMessage(MessageBuilder message, StructSchema schema) {
    return new Builder(schema, message.initRoot(schema.factory()));
  }

  /**
   * Reads the struct a pointer points to as this type (a null pointer reads as the empty struct):
   * for a struct that is not a message's root, such as the parameters or results inside an RPC
   * message.
   */
  public static Reader read(AnyPointer.Reader pointer, StructSchema schema) {
    return new Reader(schema, pointer.getAs(schema.factory()));
  }

  /**
   * Makes the pointer point to a new empty struct of this type (dropping what it pointed to) and
   * returns its builder: for building a struct in place inside a message built by others, such as
   * the parameters of an RPC call.
   */
  public static Builder init(AnyPointer.Builder pointer, StructSchema schema) {
    return new Builder(schema, pointer.initAs(schema.factory()));
  }

  /** Reads one struct. */
  public static final class Reader {
    private final StructSchema schema;
    private final WireStruct.Reader wire;

    Reader(StructSchema schema, WireStruct.Reader wire) {
      this.schema = schema;
      this.wire = wire;
    }

    public StructSchema schema() {
      return schema;
    }

    /**
     * The active member of the unnamed union; empty when there is no union or the discriminant is
     * one this schema does not know.
     */
    public Optional<Field> which() {
      if (!schema.hasUnion()) {
        return Optional.empty();
      }
      return schema.fieldByDiscriminant(discriminant());
    }

    int discriminant() {
      return wire.int16(schema.discriminantOffset(), (short) 0) & 0xffff;
    }

    /**
     * Whether the field is present: false for a union member that is not active and for a null
     * pointer; true otherwise (primitive fields are always present). This is Cap'n Proto's {@code
     * HasMode::NON_NULL}.
     */
    public boolean has(Field field) {
      checkOwn(field);
      if (field.isUnionMember() && discriminant() != field.discriminant()) {
        return false;
      }
      if (field.isGroup() || !field.type().isPointer()) {
        return true;
      }
      return !wire.isNull(field.offset());
    }

    public boolean has(String field) {
      return has(schema.requireField(field));
    }

    /**
     * The field's value (see the class comment for its Java type). A null pointer reads as the
     * field's default, or as an empty value when it has none. A union member that is not active
     * reads whatever its slot holds; check {@link #which()} first.
     */
    public Object get(Field field) {
      checkOwn(field);
      if (field.isGroup()) {
        return new Reader(field.group(), wire);
      }
      ValueType type = field.type();
      int off = field.offset();
      Schema.Value.Reader dv = field.defaultValue();
      return switch (type.kind()) {
        case VOID -> org.capnproto.Void.VOID;
        case BOOL -> wire.bool(off, dv.getBool());
        case INT8 -> wire.int8(off, dv.getInt8());
        case UINT8 -> (short) (wire.int8(off, dv.getUint8()) & 0xff);
        case INT16 -> wire.int16(off, dv.getInt16());
        case UINT16 -> wire.int16(off, dv.getUint16()) & 0xffff;
        case INT32 -> wire.int32(off, dv.getInt32());
        case UINT32 -> Integer.toUnsignedLong(wire.int32(off, dv.getUint32()));
        case INT64 -> wire.int64(off, dv.getInt64());
        case UINT64 -> wire.int64(off, dv.getUint64());
        case FLOAT32 -> wire.float32(off, Float.floatToRawIntBits(dv.getFloat32()));
        case FLOAT64 -> wire.float64(off, Double.doubleToRawLongBits(dv.getFloat64()));
        case ENUM -> new DynamicEnum(type.enumSchema(), wire.int16(off, dv.getEnum()) & 0xffff);
        case TEXT -> {
          if (wire.isNull(off)) {
            yield dv.hasText() ? dv.getText().toString() : "";
          }
          yield wire.pointer(Text.factory, off).toString();
        }
        case DATA -> {
          if (wire.isNull(off)) {
            yield dv.hasData() ? dv.getData().toArray() : new byte[0];
          }
          yield wire.pointer(Data.factory, off).toArray();
        }
        case LIST -> {
          if (wire.isNull(off) && dv.hasList()) {
            yield DynamicList.read(dv.getList(), type);
          }
          yield DynamicList.readField(wire, off, type.element());
        }
        case STRUCT -> {
          StructSchema s = type.structSchema();
          if (wire.isNull(off) && dv.hasStruct()) {
            yield new Reader(s, dv.getStruct().getAs(s.factory()));
          }
          yield new Reader(s, wire.pointer(s.factory(), off));
        }
        case ANY_POINTER, INTERFACE -> wire.pointer(AnyPointer.factory, off);
      };
    }

    public Object get(String field) {
      return get(schema.requireField(field));
    }

    /** Copies this struct into a new message as its root, as {@code MessageBuilder.setRoot}. */
    public MessageBuilder toMessage() {
      MessageBuilder message = new MessageBuilder();
      message.setRoot(schema.factory(), wire);
      return message;
    }

    WireStruct.Reader wire() {
      return wire;
    }

    private void checkOwn(Field field) {
      if (field.parent() != schema) {
        throw new IllegalArgumentException(
            "field " + field + " is not a field of " + schema.name());
      }
    }

    /** The struct in Cap'n Proto's short text format, {@code (a = 1, b = "x")}. */
    @Override
    public String toString() {
      return TextFormat.printShort(this);
    }
  }

  /** Builds one struct; confined to the thread that owns its message. */
  public static final class Builder {
    private final StructSchema schema;
    private final WireStruct.Builder wire;

    Builder(StructSchema schema, WireStruct.Builder wire) {
      this.schema = schema;
      this.wire = wire;
    }

    public StructSchema schema() {
      return schema;
    }

    public Reader asReader() {
      return new Reader(schema, wire.asReader());
    }

    public Optional<Field> which() {
      return asReader().which();
    }

    public boolean has(Field field) {
      return asReader().has(field);
    }

    /**
     * The field's current value, as {@link Reader#get(Field)} for primitives, Text and Data; a
     * builder for a struct (allocated, from its default if it has one, when null), a group and a
     * list.
     */
    public Object get(Field field) {
      checkOwn(field);
      if (field.isGroup()) {
        return new Builder(field.group(), wire);
      }
      ValueType type = field.type();
      int off = field.offset();
      return switch (type.kind()) {
        case STRUCT -> {
          StructSchema s = type.structSchema();
          Schema.Value.Reader dv = field.defaultValue();
          if (wire.isNull(off) && dv.hasStruct()) {
            wire.setPointer(s.factory(), off, dv.getStruct().getAs(s.factory()));
          }
          yield new Builder(s, wire.pointer(s.factory(), off));
        }
        case LIST -> {
          Schema.Value.Reader dv = field.defaultValue();
          if (wire.isNull(off) && dv.hasList()) {
            DynamicList.copy(wire, off, dv.getList(), type);
          }
          yield DynamicList.getField(wire, off, type.element());
        }
        case ANY_POINTER, INTERFACE -> wire.pointer(AnyPointer.factory, off);
        default -> asReader().get(field);
      };
    }

    public Object get(String field) {
      return get(schema.requireField(field));
    }

    /**
     * Sets a field; a union member becomes the active one. Accepts the Java types {@link
     * Reader#get(Field)} returns, and also: any integral {@code Number} (range-checked), a {@code
     * String} or {@code Integer} for an enum, a {@code String} for Data (UTF-8), {@code byte[]} for
     * Text, and a {@link DynamicStruct.Reader} or {@link DynamicList.Reader}, which is copied.
     *
     * @throws IllegalArgumentException when the value does not fit the field, naming both
     */
    public void set(Field field, Object value) {
      checkOwn(field);
      String where = "field " + field;
      if (field.isGroup()) {
        if (!(value instanceof Reader r) || r.schema() != field.group()) {
          throw new IllegalArgumentException(
              where + " is a group; set its fields through init(" + field.name() + ")");
        }
        Builder group = init(field);
        for (Field f : r.schema().fields()) {
          if (r.has(f)) {
            group.set(f, r.get(f));
          }
        }
        return;
      }
      ValueType type = field.type();
      int off = field.offset();
      Schema.Value.Reader dv = field.defaultValue();
      switch (type.kind()) {
        case VOID -> {
          if (value != org.capnproto.Void.VOID && value != null) {
            throw new IllegalArgumentException(
                where + " is Void; cannot take " + Values.describe(value));
          }
        }
        case BOOL -> wire.setBool(off, Values.bool(value, where), dv.getBool());
        case INT8 -> wire.setInt8(off, (byte) Values.integerBits(value, type, where), dv.getInt8());
        case UINT8 ->
            wire.setInt8(off, (byte) Values.integerBits(value, type, where), dv.getUint8());
        case INT16 ->
            wire.setInt16(off, (short) Values.integerBits(value, type, where), dv.getInt16());
        case UINT16 ->
            wire.setInt16(off, (short) Values.integerBits(value, type, where), dv.getUint16());
        case INT32 ->
            wire.setInt32(off, (int) Values.integerBits(value, type, where), dv.getInt32());
        case UINT32 ->
            wire.setInt32(off, (int) Values.integerBits(value, type, where), dv.getUint32());
        case INT64 -> wire.setInt64(off, Values.integerBits(value, type, where), dv.getInt64());
        case UINT64 -> wire.setInt64(off, Values.integerBits(value, type, where), dv.getUint64());
        case FLOAT32 ->
            wire.setFloat32(
                off,
                (float) Values.floatValue(value, type, where),
                Float.floatToRawIntBits(dv.getFloat32()));
        case FLOAT64 ->
            wire.setFloat64(
                off,
                Values.floatValue(value, type, where),
                Double.doubleToRawLongBits(dv.getFloat64()));
        case ENUM ->
            wire.setInt16(off, (short) Values.enumOrdinal(value, type, where), dv.getEnum());
        case TEXT -> wire.setPointer(Text.factory, off, Values.text(value, where));
        case DATA -> wire.setPointer(Data.factory, off, Values.data(value, where));
        case STRUCT -> {
          if (!(value instanceof Reader r) || r.schema().id() != type.typeId()) {
            throw new IllegalArgumentException(
                where + " is " + type + "; cannot take " + Values.describe(value));
          }
          wire.setPointer(r.schema().factory(), off, r.wire());
        }
        case LIST -> {
          if (!(value instanceof DynamicList.Reader r) || !r.elementType().equals(type.element())) {
            throw new IllegalArgumentException(
                where + " is " + type + "; cannot take " + Values.describe(value));
          }
          r.copyTo(wire, off);
        }
        case ANY_POINTER, INTERFACE -> {
          if (!(value instanceof AnyPointer.Reader r)) {
            throw new IllegalArgumentException(
                where + " is " + type + "; only an AnyPointer.Reader can be copied into it");
          }
          wire.setPointer(AnyPointer.factory, off, r);
        }
      }
      setDiscriminant(field);
    }

    public void set(String field, Object value) {
      set(schema.requireField(field), value);
    }

    /**
     * Makes a struct field a new empty struct, or clears a group (see {@link #clear}), and returns
     * its builder. A union member becomes the active one.
     */
    public Builder init(Field field) {
      checkOwn(field);
      setDiscriminant(field);
      if (field.isGroup()) {
        Builder group = new Builder(field.group(), wire);
        group.clearAll();
        return group;
      }
      if (field.type().kind() != ValueType.Kind.STRUCT) {
        throw new IllegalArgumentException(
            "field " + field + " is " + field.type() + ", not a struct or group");
      }
      StructSchema s = field.type().structSchema();
      return new Builder(s, wire.initPointer(s.factory(), field.offset(), 0));
    }

    public Builder init(String field) {
      return init(schema.requireField(field));
    }

    /** Makes a list field a new list of {@code size} elements. */
    public DynamicList.Builder init(Field field, int size) {
      checkOwn(field);
      if (field.isGroup() || field.type().kind() != ValueType.Kind.LIST) {
        throw new IllegalArgumentException(
            "field " + field + " is " + field.type() + ", not a list");
      }
      setDiscriminant(field);
      ValueType element = field.type().element();
      return DynamicList.initField(wire, field.offset(), element, size);
    }

    public DynamicList.Builder init(String field, int size) {
      return init(schema.requireField(field), size);
    }

    /**
     * Resets a field to its default (a null pointer, a zero data slot) and, for a union member,
     * makes it the active one. A group is reset as Cap'n Proto does it: its non-union fields and
     * its union's first member; other members' slots keep their bits.
     */
    public void clear(Field field) {
      checkOwn(field);
      setDiscriminant(field);
      if (field.isGroup()) {
        new Builder(field.group(), wire).clearAll();
      } else if (field.type().isPointer()) {
        wire.clearPointer(field.offset());
      } else {
        clearSlot(field);
      }
    }

    private void clearAll() {
      if (schema.hasUnion()) {
        schema.fieldByDiscriminant(0).ifPresent(this::clear);
      }
      for (Field f : schema.nonUnionFields()) {
        clear(f);
      }
    }

    private void clearSlot(Field f) {
      int off = f.offset();
      switch (f.type().kind()) {
        case VOID -> {}
        case BOOL -> wire.setBool(off, false, false);
        case INT8, UINT8 -> wire.setInt8(off, (byte) 0, (byte) 0);
        case INT16, UINT16, ENUM -> wire.setInt16(off, (short) 0, (short) 0);
        case INT32, UINT32, FLOAT32 -> wire.setInt32(off, 0, 0);
        case INT64, UINT64, FLOAT64 -> wire.setInt64(off, 0, 0);
        default -> throw new IllegalStateException("not a data field: " + f);
      }
    }

    private void setDiscriminant(Field field) {
      if (field.isUnionMember()) {
        wire.setInt16(schema.discriminantOffset(), (short) field.discriminant(), (short) 0);
      }
    }

    private void checkOwn(Field field) {
      if (field.parent() != schema) {
        throw new IllegalArgumentException(
            "field " + field + " is not a field of " + schema.name());
      }
    }

    @Override
    public String toString() {
      return TextFormat.printShort(asReader());
    }
  }
}
