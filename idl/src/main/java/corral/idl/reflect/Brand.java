package corral.idl.reflect;

import corral.capnp.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bindings of generic parameters under which a struct or interface is seen: {@code Box(Text)}
 * is the node {@code Box} with the brand {@code {Box: [Text]}}. A brand maps the id of each generic
 * scope (the generic node itself or a generic node it is nested in, as {@code Tree} for {@code
 * Tree(T).Node}) to one resolved type per parameter.
 *
 * <p>Brands are always resolved: every binding is a concrete {@link ValueType}, never a parameter
 * of some other scope. A scope the brand does not mention, and a binding capnp records as {@code
 * unbound}, leave its parameters as {@code AnyPointer}, as {@code schema.capnp} says; such scopes
 * are dropped, so that {@code Box} and {@code Box(AnyPointer)} are the same brand. Immutable, and
 * equal by value, so that it can key the registry's cache.
 */
final class Brand {
  /** No bindings: every parameter is {@code AnyPointer}. */
  static final Brand NONE = new Brand(Map.of());

  private final Map<Long, List<ValueType>> scopes;

  private Brand(Map<Long, List<ValueType>> scopes) {
    this.scopes = scopes;
  }

  /**
   * Resolves a brand as the schema records it ({@code bind} lists whose types may name parameters,
   * or {@code inherit}) in the context of the brand of the declaration where it appears.
   */
  static Brand resolve(SchemaRegistry registry, Schema.Brand.Reader brand, Brand context) {
    if (brand.getScopes().size() == 0) {
      return NONE;
    }
    Map<Long, List<ValueType>> resolved = new LinkedHashMap<>();
    for (Schema.Brand.Scope.Reader scope : brand.getScopes()) {
      long scopeId = scope.getScopeId();
      switch (scope.which()) {
        case BIND -> {
          List<ValueType> bindings = new ArrayList<>();
          for (Schema.Brand.Binding.Reader binding : scope.getBind()) {
            bindings.add(
                binding.which() == Schema.Brand.Binding.Which.TYPE
                    ? ValueType.of(registry, binding.getType(), context)
                    : ValueType.anyPointer(registry));
          }
          resolved.put(scopeId, bindings);
        }
        case INHERIT -> {
          List<ValueType> inherited = context.scopes.get(scopeId);
          if (inherited != null) {
            resolved.put(scopeId, inherited);
          }
        }
        case _NOT_IN_SCHEMA -> {}
      }
    }
    resolved.values().removeIf(Brand::allAnyPointer);
    return resolved.isEmpty() ? NONE : new Brand(Collections.unmodifiableMap(resolved));
  }

  private static boolean allAnyPointer(List<ValueType> bindings) {
    for (ValueType t : bindings) {
      if (t.kind() != ValueType.Kind.ANY_POINTER) {
        return false;
      }
    }
    return true;
  }

  /** The type bound to a parameter; empty when it is unbound (read it as {@code AnyPointer}). */
  Optional<ValueType> binding(long scopeId, int index) {
    List<ValueType> bindings = scopes.get(scopeId);
    return bindings == null || index >= bindings.size()
        ? Optional.empty()
        : Optional.of(bindings.get(index));
  }

  /** The bindings of one scope, or null when it has none. */
  List<ValueType> bindings(long scopeId) {
    return scopes.get(scopeId);
  }

  Map<Long, List<ValueType>> scopes() {
    return scopes;
  }

  boolean isEmpty() {
    return scopes.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Brand b && b.scopes.equals(scopes);
  }

  @Override
  public int hashCode() {
    return scopes.hashCode();
  }

  @Override
  public String toString() {
    return scopes.toString();
  }
}
