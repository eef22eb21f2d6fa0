package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * An interface type: its methods, by name and by ordinal, the interfaces it extends, and its doc
 * comments. This is what {@code corral call NAME METHOD '(field = value)'} looks a method up in, to
 * parse the arguments into the method's {@link MethodSchema#params() parameter struct} and to print
 * its {@link MethodSchema#results() results}.
 *
 * <p>Methods are addressed on the wire by the id of the interface that declares them and their
 * ordinal there. So {@link #methods()} and {@link #method(int)} are this interface's own methods,
 * while {@link #allMethods()} and {@link #findMethod(String)} also reach those inherited through
 * {@link #superclasses()}; each {@link MethodSchema} knows its {@link MethodSchema#owner()}, whose
 * id is the one a call must carry.
 *
 * <p>A generic interface is seen under a brand, as a struct is ({@link StructSchema}): in {@code
 * Store(Person)}, a method declared {@code put (key :Text, value :T)} takes a {@code value} of type
 * {@code Person}. An interface that extends {@code Store(Person)} sees the inherited methods that
 * way too.
 *
 * <p>Immutable, safe to share between threads; made by {@link SchemaRegistry#interfaceSchema(long)}
 * and {@link ValueType#interfaceSchema()}, one object per id and brand.
 */
public final class InterfaceSchema {
  private final SchemaRegistry registry;
  private final Schema.Node.Reader node;
  private final Brand brand;
  private final String name;
  private final List<MethodSchema> methods;

  InterfaceSchema(SchemaRegistry registry, Schema.Node.Reader node, Brand brand, String name) {
    this.registry = registry;
    this.node = node;
    this.brand = brand;
    this.name = name;
    List<MethodSchema> own = new ArrayList<>();
    int ordinal = 0;
    for (Schema.Method.Reader proto : node.getInterface().getMethods()) {
      own.add(new MethodSchema(this, ordinal++, proto));
    }
    this.methods = Collections.unmodifiableList(own);
  }

  /** The interface id, which calls to this interface's own methods carry. */
  public long id() {
    return node.getId();
  }

  /**
   * The declaration's name within its file ({@code Disk}, {@code Store(Person)}), with the bindings
   * of its brand where it has one.
   */
  public String name() {
    return name;
  }

  /** The schema node this was made from; valid as long as the registry. */
  public Schema.Node.Reader node() {
    return node;
  }

  /** The interface's doc comment, without the final newline. */
  public Optional<String> doc() {
    return registry.doc(node.getId());
  }

  /** This interface's own methods, in ordinal order (index = ordinal). */
  public List<MethodSchema> methods() {
    return methods;
  }

  /** The own method with this ordinal. */
  public Optional<MethodSchema> method(int ordinal) {
    return ordinal >= 0 && ordinal < methods.size()
        ? Optional.of(methods.get(ordinal))
        : Optional.empty();
  }

  /**
   * The interfaces this one extends, in declaration order, each under the brand the {@code extends}
   * clause gives it (resolved in this interface's own brand).
   *
   * @throws IllegalArgumentException when the registry lacks a superclass's node
   */
  public List<InterfaceSchema> superclasses() {
    List<InterfaceSchema> supers = new ArrayList<>();
    for (Schema.Superclass.Reader s : node.getInterface().getSuperclasses()) {
      supers.add(registry.interfaceSchema(s.getId(), Brand.resolve(registry, s.getBrand(), brand)));
    }
    return supers;
  }

  /**
   * This interface and every interface it extends, directly or not: itself first, then its
   * superclasses depth-first in declaration order, each interface (id and brand) once even when
   * inheritance forms a diamond.
   */
  public List<InterfaceSchema> ancestry() {
    Set<InterfaceSchema> seen = new LinkedHashSet<>();
    collect(this, seen);
    return List.copyOf(seen);
  }

  private static void collect(InterfaceSchema schema, Set<InterfaceSchema> seen) {
    if (seen.add(schema)) {
      for (InterfaceSchema s : schema.superclasses()) {
        collect(s, seen);
      }
    }
  }

  /** Every method a reference to this interface can call: its own, then inherited ones. */
  public List<MethodSchema> allMethods() {
    List<MethodSchema> all = new ArrayList<>();
    for (InterfaceSchema s : ancestry()) {
      all.addAll(s.methods);
    }
    return all;
  }

  /**
   * The method with this name: an own method first, else the first inherited one in {@link
   * #ancestry()} order. A name may also be qualified with the declaring interface, {@code
   * Store.put}, to reach a method that an own or nearer one hides.
   */
  public Optional<MethodSchema> findMethod(String methodName) {
    int dot = methodName.lastIndexOf('.');
    String simple = dot < 0 ? methodName : methodName.substring(dot + 1);
    String owner = dot < 0 ? null : methodName.substring(0, dot);
    for (InterfaceSchema s : ancestry()) {
      if (owner != null && !owner.equals(s.name) && !owner.equals(s.plainName())) {
        continue;
      }
      for (MethodSchema m : s.methods) {
        if (m.name().equals(simple)) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #findMethod(String)}, for a method name a user typed.
   *
   * @throws IllegalArgumentException naming the interface and listing the methods it has
   */
  public MethodSchema requireMethod(String methodName) {
    return findMethod(methodName)
        .orElseThrow(
            () -> {
              StringJoiner names = new StringJoiner(", ");
              for (MethodSchema m : allMethods()) {
                names.add(m.owner() == this ? m.name() : m.owner().plainName() + "." + m.name());
              }
              return new IllegalArgumentException(
                  "interface "
                      + name
                      + " has no method '"
                      + methodName
                      + "'; it has "
                      + (names.length() == 0 ? "none" : names.toString()));
            });
  }

  /** The name within the file without bindings, {@code Store} for {@code Store(Person)}. */
  String plainName() {
    return registry.shortName(node.getId());
  }

  SchemaRegistry registry() {
    return registry;
  }

  Brand brand() {
    return brand;
  }

  /** Equal when the node and the brand are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof InterfaceSchema s
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
}
