package corral.runtime.cap;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gates of the live references one process (a driver host, or the kernel) serves, so that a
 * revocation reaches them: listening to revocations, it revokes every gate whose capability's
 * lineage contains the revoked cap id, or every gate of an instance. The owner of a live reference
 * {@link #add}s its gate when the reference is created and {@link #remove}s it when the reference
 * is released. Thread-safe.
 */
public final class GateSet implements Revocation.Listener {
  private final Map<Long, Set<Gate>> byInstance = new ConcurrentHashMap<>();

  public void add(Gate gate) {
    byInstance.computeIfAbsent(gate.instanceId(), k -> ConcurrentHashMap.newKeySet()).add(gate);
  }

  public void remove(Gate gate) {
    Set<Gate> set = byInstance.get(gate.instanceId());
    if (set != null) {
      set.remove(gate);
    }
  }

  /** How many gates are held. */
  public int size() {
    return byInstance.values().stream().mapToInt(Set::size).sum();
  }

  @Override
  public void revoked(Revocation revocation) {
    Set<Gate> set = byInstance.get(revocation.instanceId());
    if (set == null) {
      return;
    }
    switch (revocation) {
      case Revocation.OfInstance i -> set.forEach(Gate::revoke);
      case Revocation.OfCap c ->
          set.stream().filter(g -> g.lineage().contains(c.capId())).forEach(Gate::revoke);
    }
  }

  @Override
  public String toString() {
    return "GateSet[" + size() + " gates]";
  }
}
