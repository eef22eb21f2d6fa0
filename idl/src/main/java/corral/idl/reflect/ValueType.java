package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.Objects;

/**
 * The type of a field or list element, resolved against a {@link SchemaRegistry}. Struct and enum
 * types are looked up on demand, so that recursive schemas (a struct holding a list of itself) need
 * no special care.
 *
 * <p>Generic parameters are not resolved: a field whose type is a type parameter reads as an opaque
 * {@link Kind#ANY_POINTER}.
 */
public final class ValueType {
  /** The kinds of the schema language, in the order of {@code schema.capnp}'s {@code Type}. */
  public enum Kind {
    VOID("Void"),
    BOOL("Bool"),
    INT8("Int8"),
    INT16("Int16"),
    INT32("Int32"),
    INT64("Int64"),
    UINT8("UInt8"),
    UINT16("UInt16"),
    UINT32("UInt32"),
    UINT64("UInt64"),
    FLOAT32("Float32"),
    FLOAT64("Float64"),
    TEXT("Text"),
    DATA("Data"),
    LIST("List"),
    ENUM("Enum"),
    STRUCT("Struct"),
    INTERFACE("Interface"),
    ANY_POINTER("AnyPointer");

    private final String schemaName;

    Kind(String schemaName) {
      this.schemaName = schemaName;
    }

    /** True for the kinds stored in a struct's data section. */
    public boolean isPrimitive() {
      return ordinal() <= FLOAT64.ordinal() || this == ENUM;
    }
  }

  private final SchemaRegistry registry;
  private final Kind kind;
  private final ValueType element;
  private final long typeId;

  private ValueType(SchemaRegistry registry, Kind kind, ValueType element, long typeId) {
    this.registry = registry;
    this.kind = kind;
    this.element = element;
    this.typeId = typeId;
  }

  static ValueType struct(SchemaRegistry registry, long id) {
    return new ValueType(registry, Kind.STRUCT, null, id);
  }

  static ValueType of(SchemaRegistry registry, Schema.Type.Reader type) {
    return switch (type.which()) {
      case VOID -> new ValueType(registry, Kind.VOID, null, 0);
      case BOOL -> new ValueType(registry, Kind.BOOL, null, 0);
      case INT8 -> new ValueType(registry, Kind.INT8, null, 0);
      case INT16 -> new ValueType(registry, Kind.INT16, null, 0);
      case INT32 -> new ValueType(registry, Kind.INT32, null, 0);
      case INT64 -> new ValueType(registry, Kind.INT64, null, 0);
      case UINT8 -> new ValueType(registry, Kind.UINT8, null, 0);
      case UINT16 -> new ValueType(registry, Kind.UINT16, null, 0);
      case UINT32 -> new ValueType(registry, Kind.UINT32, null, 0);
      case UINT64 -> new ValueType(registry, Kind.UINT64, null, 0);
      case FLOAT32 -> new ValueType(registry, Kind.FLOAT32, null, 0);
      case FLOAT64 -> new ValueType(registry, Kind.FLOAT64, null, 0);
      case TEXT -> new ValueType(registry, Kind.TEXT, null, 0);
      case DATA -> new ValueType(registry, Kind.DATA, null, 0);
      case LIST ->
          new ValueType(registry, Kind.LIST, of(registry, type.getList().getElementType()), 0);
      case ENUM -> new ValueType(registry, Kind.ENUM, null, type.getEnum().getTypeId());
      case STRUCT -> new ValueType(registry, Kind.STRUCT, null, type.getStruct().getTypeId());
      case INTERFACE ->
          new ValueType(registry, Kind.INTERFACE, null, type.getInterface().getTypeId());
      case ANY_POINTER, _NOT_IN_SCHEMA -> new ValueType(registry, Kind.ANY_POINTER, null, 0);
    };
  }

  public Kind kind() {
    return kind;
  }

  /** The element type of a list. */
  public ValueType element() {
    if (kind != Kind.LIST) {
      throw new IllegalStateException(this + " is not a list type");
    }
    return element;
  }

  /** The struct schema of a struct type. */
  public StructSchema structSchema() {
    if (kind != Kind.STRUCT) {
      throw new IllegalStateException(this + " is not a struct type");
    }
    return registry.struct(typeId);
  }

  /** The enum schema of an enum type. */
  public EnumSchema enumSchema() {
    if (kind != Kind.ENUM) {
      throw new IllegalStateException(this + " is not an enum type");
    }
    return registry.enumSchema(typeId);
  }

  /** The id of a struct, enum or interface type; 0 for other kinds. */
  public long typeId() {
    return typeId;
  }

  /** True when the value lives behind a pointer. */
  public boolean isPointer() {
    return !kind.isPrimitive();
  }

  /**
   * The type as the schema language writes it: {@code UInt32}, {@code List(Text)}, {@code Person}.
   */
  @Override
  public String toString() {
    return switch (kind) {
      case LIST -> "List(" + element + ")";
      case STRUCT, ENUM, INTERFACE -> registry.shortName(typeId);
      default -> kind.schemaName;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValueType t
        && t.kind == kind
        && t.typeId == typeId
        && Objects.equals(t.element, element);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, typeId, element);
  }
}
