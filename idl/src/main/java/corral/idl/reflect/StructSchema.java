package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.capnproto.StructSize;

/**
 * A struct or group type: its fields in ordinal order, its union, its size. Immutable; made by
 * {@link SchemaRegistry#struct(long)}, which caches one per id and brand.
 *
 * <p>A group is a struct of its own in the schema, sharing the data and pointer sections of the
 * struct that contains it; its {@link #isGroup()} is true and its size is its parent's.
 *
 * <p>A generic struct is seen under a brand: the schema of {@code Box(Text)} is a different object
 * from that of {@code Box(Person)} (same {@link #id()}, different {@link #name()}), and its fields'
 * {@link Field#type() types} have the parameters replaced by what they are bound to. Groups and
 * nested types share the brand of the struct around them. A struct reached without bindings ({@link
 * SchemaRegistry#struct(long)}, a field of type {@code Box}) reads its parameters as {@code
 * AnyPointer}.
 */
public final class StructSchema {
  private static final int NO_DISCRIMINANT = 0xffff;

  private final SchemaRegistry registry;
  private final Schema.Node.Reader node;
  private final Brand brand;
  private final String name;
  private final List<Field> fields;
  private final Map<String, Field> byName;
  private final List<Field> unionFields;
  private final List<Field> nonUnionFields;
  private final WireStruct.Factory factory;

  StructSchema(SchemaRegistry registry, Schema.Node.Reader node, Brand brand, String name) {
    this.registry = registry;
    this.node = node;
    this.brand = brand;
    this.name = name;
    Schema.Node.Struct.Reader struct = node.getStruct();
    List<Field> all = new ArrayList<>();
    Map<String, Field> names = new LinkedHashMap<>();
    List<Field> union = new ArrayList<>();
    List<Field> nonUnion = new ArrayList<>();
    int index = 0;
    for (Schema.Field.Reader proto : struct.getFields()) {
      Field field = new Field(this, index++, proto);
      all.add(field);
      names.put(field.name(), field);
      (field.isUnionMember() ? union : nonUnion).add(field);
    }
    this.fields = Collections.unmodifiableList(all);
    this.byName = Collections.unmodifiableMap(names);
    this.unionFields = Collections.unmodifiableList(union);
    this.nonUnionFields = Collections.unmodifiableList(nonUnion);
    this.factory =
        new WireStruct.Factory(new StructSize(struct.getDataWordCount(), struct.getPointerCount()));
  }

  public long id() {
    return node.getId();
  }

  /**
   * The declaration's name within its file, e.g. {@code Person.Phone}, with the bindings of its
   * brand where it has one: {@code Box(Text)}, {@code Tree(Person).Node}.
   */
  public String name() {
    return name;
  }

  /** True when some generic parameter in scope is bound, as in {@code Box(Text)}. */
  public boolean isBranded() {
    return !brand.isEmpty();
  }

  /** The struct's doc comment, without the final newline. */
  public Optional<String> doc() {
    return registry.doc(node.getId());
  }

  /** The schema node this was made from; valid as long as the registry. */
  public Schema.Node.Reader node() {
    return node;
  }

  public boolean isGroup() {
    return node.getStruct().getIsGroup();
  }

  /** Every field, in ordinal order (the order of the schema's field list). */
  public List<Field> fields() {
    return fields;
  }

  /** The members of the unnamed union, if any. */
  public List<Field> unionFields() {
    return unionFields;
  }

  public List<Field> nonUnionFields() {
    return nonUnionFields;
  }

  public Optional<Field> field(String fieldName) {
    return Optional.ofNullable(byName.get(fieldName));
  }

  /** Like {@link #field(String)}, but a missing field is the caller's mistake. */
  public Field requireField(String fieldName) {
    Field f = byName.get(fieldName);
    if (f == null) {
      throw new IllegalArgumentException(
          "struct " + name + " has no field '" + fieldName + "'; it has " + byName.keySet());
    }
    return f;
  }

  /** The union member with this discriminant value. */
  public Optional<Field> fieldByDiscriminant(int discriminant) {
    for (Field f : unionFields) {
      if (f.discriminant() == discriminant) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public boolean hasUnion() {
    return node.getStruct().getDiscriminantCount() != 0;
  }

  /** The discriminant's offset in the data section, in 16-bit units. */
  int discriminantOffset() {
    return node.getStruct().getDiscriminantOffset();
  }

  WireStruct.Factory factory() {
    return factory;
  }

  SchemaRegistry registry() {
    return registry;
  }

  Brand brand() {
    return brand;
  }

  /** Equal when the node and the brand are: {@code Box(Text)} is not {@code Box(Data)}. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StructSchema s
        && s.node.getId() == node.getId()
        && s.brand.equals(brand)
        && s.registry == registry;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(node.getId()) * 31 + brand.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }

  /** One field of a struct: a slot (a value at an offset) or a group. */
  public static final class Field {
    private final StructSchema parent;
    private final int index;
    private final Schema.Field.Reader proto;
    private final String name;
    private final ValueType type;

    Field(StructSchema parent, int index, Schema.Field.Reader proto) {
      this.parent = parent;
      this.index = index;
      this.proto = proto;
      this.name = proto.getName().toString();
      this.type =
          proto.which() == Schema.Field.Which.GROUP
              ? ValueType.struct(parent.registry, proto.getGroup().getTypeId(), parent.brand)
              : ValueType.of(parent.registry, proto.getSlot().getType(), parent.brand);
    }

    public String name() {
      return name;
    }

    /** The field's position in its struct's field list. */
    public int index() {
      return index;
    }

    public StructSchema parent() {
      return parent;
    }

    public Schema.Field.Reader proto() {
      return proto;
    }

    public boolean isGroup() {
      return proto.which() == Schema.Field.Which.GROUP;
    }

    public boolean isUnionMember() {
      return (proto.getDiscriminantValue() & 0xffff) != NO_DISCRIMINANT;
    }

    /** The discriminant value that selects this union member. */
    public int discriminant() {
      return proto.getDiscriminantValue() & 0xffff;
    }

    /** The group's own schema. */
    public StructSchema group() {
      if (!isGroup()) {
        throw new IllegalStateException("field " + this + " is not a group");
      }
      return parent.registry.struct(proto.getGroup().getTypeId(), parent.brand);
    }

    /** The field's doc comment, without the final newline. */
    public Optional<String> doc() {
      return parent.registry.memberDoc(parent.id(), index);
    }

    /** The slot's type; for a group, its struct type. */
    public ValueType type() {
      return type;
    }

    /** The slot's offset: in units of its type's size for data, a pointer index otherwise. */
    int offset() {
      return proto.getSlot().getOffset();
    }

    Schema.Value.Reader defaultValue() {
      return proto.getSlot().getDefaultValue();
    }

    @Override
    public String toString() {
      return parent.name + "." + name;
    }
  }
}
