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
    int n = root.size();
    MethodSet[] sets = new MethodSet[n];
    for (int i = 0; i < n; i++) {
      sets[i] = root.get(i).methods();
    }
    Instant expiry = null;
    for (int k = 0; k < caveats.size(); k++) {
      switch (caveats.get(k)) {
        case Caveat.Allow a -> {
          List<Grant> allowedGrants = a.grants();
          for (int i = 0; i < n; i++) {
            long id = root.get(i).interfaceId();
            MethodSet allowed = MethodSet.empty();
            for (int j = 0; j < allowedGrants.size(); j++) {
              if (allowedGrants.get(j).interfaceId() == id) {
                allowed = allowedGrants.get(j).methods();
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
    Grant[] out = new Grant[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (!sets[i].isEmpty()) {
        Grant g = root.get(i);
        out[kept++] = sets[i].equals(g.methods()) ? g : new Grant(g.interfaceId(), sets[i]);
      }
    }
    return new Rights(
        List.of(kept == n ? out : Arrays.copyOf(out, kept)), Optional.ofNullable(expiry));
  }
}
