package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An enum type: its enumerants' names in ordinal order. Immutable. */
public final class EnumSchema {
  private final SchemaRegistry registry;
  private final long id;
  private final String name;
  private final List<String> enumerants;

  EnumSchema(SchemaRegistry registry, Schema.Node.Reader node, String name) {
    this.registry = registry;
    this.id = node.getId();
    this.name = name;
    List<String> names = new ArrayList<>();
    for (Schema.Enumerant.Reader e : node.getEnum().getEnumerants()) {
      names.add(e.getName().toString());
    }
    this.enumerants = List.copyOf(names);
  }

  public long id() {
    return id;
  }

  /** The declaration's name within its file, e.g. {@code Person.Phone.Kind}. */
  public String name() {
    return name;
  }

  /** The enum's doc comment, without the final newline. */
  public Optional<String> doc() {
    return registry.doc(id);
  }

  /** The doc comment of the enumerant with this ordinal, without the final newline. */
  public Optional<String> enumerantDoc(int ordinal) {
    return registry.memberDoc(id, ordinal);
  }

  /** Enumerant names, indexed by ordinal. */
  public List<String> enumerants() {
    return enumerants;
  }

  /** The name of the enumerant with this ordinal; empty for a value this schema does not know. */
  public Optional<String> nameOf(int ordinal) {
    return ordinal >= 0 && ordinal < enumerants.size()
        ? Optional.of(enumerants.get(ordinal))
        : Optional.empty();
  }

  /** The ordinal of the named enumerant. */
  public Optional<Integer> ordinalOf(String enumerant) {
    int i = enumerants.indexOf(enumerant);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  @Override
  public String toString() {
    return name;
  }
}
