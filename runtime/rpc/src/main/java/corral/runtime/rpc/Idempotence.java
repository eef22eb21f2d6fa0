package corral.runtime.rpc;

import java.util.Arrays;

/**
 * Which methods a caller may send again after a failure that leaves unknown whether they ran (the
 * connection was lost with the call outstanding): those whose second run changes nothing the first
 * did not. Declared in the schema with {@code $Corral.idempotent} on a method (see {@code
 * /capnp/corral.capnp}); the generator emits each interface's as {@code Foo.IDEMPOTENCE}.
 */
@FunctionalInterface
public interface Idempotence {
  /** Whether method {@code methodId} of interface {@code interfaceId} may run twice. */
  boolean idempotent(long interfaceId, short methodId);

  /** No method may be sent again. */
  Idempotence NONE = (interfaceId, methodId) -> false;

  /**
   * The methods {@code methods} of interface {@code interfaceId}, and those {@code inherited}
   * declares (an interface's superclasses').
   */
  static Idempotence of(long interfaceId, int[] methods, Idempotence... inherited) {
    int[] sorted = methods.clone();
    Arrays.sort(sorted);
    Idempotence[] others = inherited.clone();
    return (i, m) -> {
      if (i == interfaceId) {
        return Arrays.binarySearch(sorted, m & 0xFFFF) >= 0;
      }
      for (Idempotence o : others) {
        if (o.idempotent(i, m)) {
          return true;
        }
      }
      return false;
    };
  }
}
