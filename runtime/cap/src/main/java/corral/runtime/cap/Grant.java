package corral.runtime.cap;

import java.util.Objects;

/**
 * Methods of one interface granted by a capability.
 *
 * @param interfaceId the interface's type id, as in its schema
 * @param methods the granted method ordinals
 */
public record Grant(long interfaceId, MethodSet methods) {
  public Grant {
    Objects.requireNonNull(methods, "methods");
  }

  /** A grant of the given method ordinals of {@code interfaceId}. */
  public static Grant of(long interfaceId, int... ordinals) {
    return new Grant(interfaceId, MethodSet.of(ordinals));
  }

  @Override
  public String toString() {
    return Capability.hexId(interfaceId) + " " + methods;
  }
}
