package corral.runtime.cap;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The gates of the live references one process (a driver host, or the kernel) serves, so that a
 * revocation reaches them: listening to revocations, it revokes every gate whose capability's
 * lineage contains the revoked cap id, or every gate of an instance. The owner of a live reference
 * {@link #add}s its gate when the reference is created and {@link #remove}s it when the reference
 * is released. Thread-safe.
 *
 * <h2>A restore racing a revocation</h2>
 *
 * A restore verifies its cap against the verifier's snapshot and only then adds the gate; a
 * revocation published between the two would reach the set before the gate and miss it. So the set
 * counts the revocations it has heard (its {@link #epoch()}) and keeps the last {@value #HISTORY}:
 *
 * <pre>
 *   restorer: e = gates.epoch() ─▶ verifier.restore(cap) ─▶ gates.add(gate, e)
 *                                                              │ under the set's lock: every
 *                                                              │ revocation heard since e that
 *                                                              ▼ matches the gate revokes it
 *   verifier: publish state ─▶ gates.revoked(r): under the lock, epoch++, remember r, revoke gates
 * </pre>
 *
 * A verifier publishes its new state before it announces a revocation, so a revocation the check
 * did not see has its epoch after {@code e}: either it is in the history when the gate is added, or
 * it is announced after the add and finds the gate in the set. If more than {@value #HISTORY}
 * revocations were heard since {@code e}, the gate is revoked outright (the restore is refused and
 * can be retried).
 */
public final class GateSet implements Revocation.Listener {
  /** How many of the latest revocations are kept for restores in flight. */
  static final int HISTORY = 1024;

  /** Guarded by {@code this}. */
  private final Map<Long, Set<Gate>> byInstance = new HashMap<>();

  /** The latest revocations heard, oldest first, at most {@link #HISTORY}; guarded by this. */
  private final ArrayDeque<Revocation> history = new ArrayDeque<>();

  /** How many revocations were heard; written under the lock. */
  private volatile long epoch;

  /**
   * How many revocations this set has heard. Read it before verifying the cap whose gate is then
   * {@link #add(Gate, long) added}.
   */
  public long epoch() {
    return epoch;
  }

  /**
   * Adds the gate of a new live reference, unless a revocation heard since {@code epochBeforeCheck}
   * applies to it: then the gate is revoked and not added.
   *
   * @param epochBeforeCheck {@link #epoch()} read before the cap behind the gate was verified
   * @return whether the gate was added (false: it is revoked; refuse the restore)
   */
  public synchronized boolean add(Gate gate, long epochBeforeCheck) {
    long missed = epoch - epochBeforeCheck;
    if (missed < 0 || missed > history.size()) {
      gate.revoke(); // too many revocations since the check to tell: refuse, to be safe
    } else {
      Iterator<Revocation> latest = history.descendingIterator();
      for (long i = 0; i < missed; i++) {
        Revocation r = latest.next();
        if (applies(r, gate)) {
          gate.revoke();
        }
      }
    }
    if (gate.isRevoked()) {
      return false;
    }
    byInstance.computeIfAbsent(gate.instanceId(), k -> new HashSet<>()).add(gate);
    return true;
  }

  public synchronized void remove(Gate gate) {
    Set<Gate> set = byInstance.get(gate.instanceId());
    if (set != null && set.remove(gate) && set.isEmpty()) {
      byInstance.remove(gate.instanceId());
    }
  }

  /** How many gates are held. */
  public synchronized int size() {
    return byInstance.values().stream().mapToInt(Set::size).sum();
  }

  @Override
  public synchronized void revoked(Revocation revocation) {
    if (history.size() == HISTORY) {
      history.removeFirst();
    }
    history.addLast(revocation);
    epoch = epoch + 1;
    Set<Gate> set = byInstance.get(revocation.instanceId());
    if (set == null) {
      return;
    }
    for (Gate g : set) {
      if (applies(revocation, g)) {
        g.revoke();
      }
    }
  }

  private static boolean applies(Revocation r, Gate g) {
    return r.instanceId() == g.instanceId()
        && switch (r) {
          case Revocation.OfInstance i -> true;
          case Revocation.OfCap c -> g.lineage().contains(c.capId());
        };
  }

  @Override
  public String toString() {
    return "GateSet[" + size() + " gates]";
  }
}
