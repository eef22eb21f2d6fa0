package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One method of an interface: its name and ordinal, the interface that declares it, and the structs
 * its parameters and results travel in.
 *
 * <p>A method declared with a parameter list, {@code read @0 (block :UInt64, count :UInt32) ->
 * (data :Data)}, has implicit structs for both lists ({@code Disk.read$Params}, {@code
 * Disk.read$Results}); one declared with a struct type, {@code get @1 Key -> Box(T)}, uses that
 * struct. Either way {@link #params()} and {@link #results()} are the struct to build a call from
 * and to read its return from, under the brand the method is seen with: in {@code Store(Person)},
 * {@code -> Box(T)} is {@code Box(Person)}. A method's own implicit generic parameters ({@code get
 * [U] (u :U)}) cannot be bound here and read as {@code AnyPointer}.
 *
 * <p>Immutable; its structs are looked up on demand, so the registry must hold their nodes by then.
 */
public final class MethodSchema {
  private final InterfaceSchema owner;
  private final int ordinal;
  private final Schema.Method.Reader proto;
  private final String name;

  MethodSchema(InterfaceSchema owner, int ordinal, Schema.Method.Reader proto) {
    this.owner = owner;
    this.ordinal = ordinal;
    this.proto = proto;
    this.name = proto.getName().toString();
  }

  public String name() {
    return name;
  }

  /** The method's ordinal within {@link #owner()}: what a call carries as its method id. */
  public int ordinal() {
    return ordinal;
  }

  /** The interface that declares this method, under the brand it is seen with. */
  public InterfaceSchema owner() {
    return owner;
  }

  /** The id of the declaring interface: what a call carries as its interface id. */
  public long interfaceId() {
    return owner.id();
  }

  public Schema.Method.Reader proto() {
    return proto;
  }

  /**
   * The struct of the parameters.
   *
   * @throws IllegalArgumentException when the registry lacks the struct's node
   */
  public StructSchema params() {
    return owner
        .registry()
        .struct(
            proto.getParamStructType(),
            Brand.resolve(owner.registry(), proto.getParamBrand(), owner.brand()));
  }

  /**
   * The struct of the results.
   *
   * @throws IllegalArgumentException when the registry lacks the struct's node
   */
  public StructSchema results() {
    return owner
        .registry()
        .struct(
            proto.getResultStructType(),
            Brand.resolve(owner.registry(), proto.getResultBrand(), owner.brand()));
  }

  /** The names of the method's own generic parameters, {@code [U]}; usually none. */
  public List<String> implicitParameters() {
    List<String> names = new ArrayList<>();
    for (Schema.Node.Parameter.Reader p : proto.getImplicitParameters()) {
      names.add(p.getName().toString());
    }
    return names;
  }

  /** The method's doc comment, without the final newline. */
  public Optional<String> doc() {
    return owner.registry().memberDoc(owner.id(), ordinal);
  }

  /**
   * The method as the schema language declares it, with types under the owner's brand: {@code
   * put @0 (key :Text, value :Person) -> (previous :Person)}.
   */
  @Override
  public String toString() {
    return owner.name()
        + "."
        + name
        + " @"
        + ordinal
        + " "
        + list(params())
        + " -> "
        + list(results());
  }

  private static String list(StructSchema struct) {
    if (struct.node().getScopeId() != 0) {
      return struct.name();
    }
    List<String> fields = new ArrayList<>();
    for (StructSchema.Field f : struct.fields()) {
      fields.add(f.name() + " :" + (f.isGroup() ? "group" : f.type().toString()));
    }
    return "(" + String.join(", ", fields) + ")";
  }
}
