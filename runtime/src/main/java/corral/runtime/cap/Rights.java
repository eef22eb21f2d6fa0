package corral.runtime.cap;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a capability grants once its caveats are applied: methods per interface, and when it stops
 * being valid. Immutable; safe to share between threads.
 *
 * @param grants interfaces in ascending id order with their methods; none is empty
 * @param expiry the earliest expiry among the caveats, if any
 */
public record Rights(List<Grant> grants, Optional<Instant> expiry) {
  public Rights {
    grants = List.copyOf(grants);
  }

  /** The methods granted on {@code interfaceId}, empty if that interface is not granted. */
  public MethodSet methods(long interfaceId) {
    for (Grant g : grants) {
      if (g.interfaceId() == interfaceId) {
        return g.methods();
      }
    }
    return MethodSet.empty();
  }

  /** Whether nothing at all is granted. */
  public boolean isEmpty() {
    return grants.isEmpty();
  }

  /** Whether these rights have expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiry.isPresent() && !now.isBefore(expiry.get());
  }

  /** Whether every method of these rights is among {@code other}'s (expiry not compared). */
  public boolean isWithin(Rights other) {
    return grants.stream().allMatch(g -> g.methods().isSubsetOf(other.methods(g.interfaceId())));
  }

  /** Computes the rights of root grants narrowed by {@code caveats}, in order. */
  static Rights of(List<Grant> root, List<Caveat> caveats) {
    long[] ids = root.stream().mapToLong(Grant::interfaceId).toArray();
    MethodSet[] sets = root.stream().map(Grant::methods).toArray(MethodSet[]::new);
    Instant expiry = null;
    for (Caveat c : caveats) {
      switch (c) {
        case Caveat.Allow a -> {
          for (int i = 0; i < ids.length; i++) {
            MethodSet allowed = MethodSet.empty();
            for (Grant g : a.grants()) {
              if (g.interfaceId() == ids[i]) {
                allowed = g.methods();
              }
            }
            sets[i] = sets[i].intersect(allowed);
          }
        }
        case Caveat.ExpiresAt e -> {
          if (expiry == null || e.notAfter().isBefore(expiry)) {
            expiry = e.notAfter();
          }
        }
      }
    }
    Grant[] out = new Grant[ids.length];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (!sets[i].isEmpty()) {
        out[n++] = new Grant(ids[i], sets[i]);
      }
    }
    return new Rights(Arrays.asList(Arrays.copyOf(out, n)), Optional.ofNullable(expiry));
  }
}
