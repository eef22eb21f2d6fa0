package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.Objects;

/**
 * The type of a field or list element, resolved against a {@link SchemaRegistry}. Struct and enum
 * types are looked up on demand, so that recursive schemas (a struct holding a list of itself) need
 * no special care.
 *
 * <p>Generic parameters are resolved: a type is made in the context of the {@link Brand} of the
 * struct or interface that holds it, so the {@code value} field of {@code Box(Text)} is {@link
 * Kind#TEXT}, and a struct or interface type carries the brand it is used with ({@code Box(Person)}
 * is {@link Kind#STRUCT} with the bindings {@code T = Person}). Only a parameter that nothing binds
 * ({@code Box} alone, a method's implicit {@code [T]}) reads as an opaque {@link Kind#ANY_POINTER},
 * as it does in Cap'n Proto's C++ dynamic API.
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
  private final Brand brand;

  private ValueType(SchemaRegistry registry, Kind kind, ValueType element, long typeId) {
    this(registry, kind, element, typeId, Brand.NONE);
  }

  private ValueType(
      SchemaRegistry registry, Kind kind, ValueType element, long typeId, Brand brand) {
    this.registry = registry;
    this.kind = kind;
    this.element = element;
    this.typeId = typeId;
    this.brand = brand;
  }

  static ValueType struct(SchemaRegistry registry, long id, Brand brand) {
    return new ValueType(registry, Kind.STRUCT, null, id, brand);
  }

  static ValueType anyPointer(SchemaRegistry registry) {
    return new ValueType(registry, Kind.ANY_POINTER, null, 0);
  }

  /**
   * Resolves a type as the schema records it, in the context of the brand of the declaration where
   * it appears: a parameter becomes the type bound to it, and the brand of a struct or interface
   * type has its own parameters resolved the same way.
   */
  static ValueType of(SchemaRegistry registry, Schema.Type.Reader type, Brand context) {
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
          new ValueType(
              registry, Kind.LIST, of(registry, type.getList().getElementType(), context), 0);
      case ENUM -> new ValueType(registry, Kind.ENUM, null, type.getEnum().getTypeId());
      case STRUCT ->
          new ValueType(
              registry,
              Kind.STRUCT,
              null,
              type.getStruct().getTypeId(),
              Brand.resolve(registry, type.getStruct().getBrand(), context));
      case INTERFACE ->
          new ValueType(
              registry,
              Kind.INTERFACE,
              null,
              type.getInterface().getTypeId(),
              Brand.resolve(registry, type.getInterface().getBrand(), context));
      case ANY_POINTER -> {
        Schema.Type.AnyPointer.Reader any = type.getAnyPointer();
        if (any.which() == Schema.Type.AnyPointer.Which.PARAMETER) {
          Schema.Type.AnyPointer.Parameter.Reader p = any.getParameter();
          yield context
              .binding(p.getScopeId(), p.getParameterIndex() & 0xffff)
              .orElseGet(() -> anyPointer(registry));
        }
        yield anyPointer(registry); // unconstrained, or a method's implicit parameter
      }
      case _NOT_IN_SCHEMA -> anyPointer(registry);
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

  /** The struct schema of a struct type, with this type's brand. */
  public StructSchema structSchema() {
    if (kind != Kind.STRUCT) {
      throw new IllegalStateException(this + " is not a struct type");
    }
    return registry.struct(typeId, brand);
  }

  /** The interface schema of an interface type, with this type's brand. */
  public InterfaceSchema interfaceSchema() {
    if (kind != Kind.INTERFACE) {
      throw new IllegalStateException(this + " is not an interface type");
    }
    return registry.interfaceSchema(typeId, brand);
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
   * The type as the schema language writes it: {@code UInt32}, {@code List(Text)}, {@code Person},
   * {@code Box(Text)}, {@code Tree(Person).Node}.
   */
  @Override
  public String toString() {
    return switch (kind) {
      case LIST -> "List(" + element + ")";
      case STRUCT, INTERFACE -> registry.brandedName(typeId, brand);
      case ENUM -> registry.shortName(typeId);
      default -> kind.schemaName;
    };
  }

  /** Equal when the kind, the type id, the brand and the element type are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ValueType t
        && t.kind == kind
        && t.typeId == typeId
        && t.brand.equals(brand)
        && Objects.equals(t.element, element);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, typeId, brand, element);
  }
}
