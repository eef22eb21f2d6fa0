package corral.runtime.rpc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A boundary around the objects reached through one reference: every call entering through it is
 * checked by a {@link CallFilter} before delivery, and every capability that crosses it is wrapped
 * so that the boundary holds for it too.
 *
 * <pre>
 *   caller ──call──▶ [filter] ──▶ target ──results: caps wrapped ─────────▶ guarded (filtered)
 *                                   │
 *                                   └── params: caller's caps wrapped ────▶ reverse (unfiltered,
 *                                          but caps the target passes       through them are guarded)
 * </pre>
 *
 * <ul>
 *   <li>A capability in the <em>results</em> of a call through a guarded reference, or pipelined on
 *       them, becomes guarded by the same filter: whatever the target hands out is checked like the
 *       target itself.
 *   <li>A capability in the <em>parameters</em> (a callback) is the caller's: it becomes a reverse
 *       reference, whose calls are not filtered but whose own parameters' capabilities (what the
 *       target passes out through the callback) become guarded, and whose results' capabilities
 *       become reverse references.
 *   <li>Crossing back unwraps: a reverse reference returned through the membrane is the caller's
 *       own object again, and a guarded reference passed in as a parameter reaches the target as
 *       its own object. A capability guarded by <em>another</em> membrane keeps that membrane.
 * </ul>
 *
 * <p>The membrane counts the wrapped references alive; when the last is released it runs its {@code
 * whenUnused} action once (a capability host removes the reference's gate there). Thread-safe.
 */
public final class Membrane {
  private final CallFilter filter;
  private final Runnable whenUnused;
  private final AtomicLong live = new AtomicLong();

  /**
   * @param filter checks every call entering through a guarded reference
   * @param whenUnused runs once, on the releasing thread, when no wrapped reference is left
   */
  public Membrane(CallFilter filter, Runnable whenUnused) {
    this.filter = filter;
    this.whenUnused = whenUnused;
  }

  /**
   * A guarded reference to {@code target}: calls through it are checked by the filter. Takes a new
   * reference; the caller still owns {@code target}.
   */
  public Client guard(Client target) {
    return new Client(wrap(target.hook(), true));
  }

  CallFilter filter() {
    return filter;
  }

  /**
   * A new reference that crosses this membrane: {@code guarded} for capabilities going out of it
   * (results), else reverse (parameters). Borrows {@code hook}; null stays null.
   */
  ClientHook wrap(ClientHook hook, boolean guarded) {
    if (hook == null) {
      return null;
    }
    if (hook instanceof MembraneClient m) {
      if (m.membrane == this && m.guarded != guarded) {
        return m.target.addRef(); // crossing back: the object as it is on the other side
      }
      return hook.addRef(); // already on the right side, or kept by its own membrane
    }
    if (hook instanceof BrokenClient) {
      return hook.addRef();
    }
    live.incrementAndGet();
    return new MembraneClient(this, hook.addRef(), guarded);
  }

  /** Wraps every capability of {@code table} in place (going out if {@code guarded}). */
  void wrapAll(CapTable table, boolean guarded) {
    int n = table.size();
    for (int i = 0; i < n; i++) {
      ClientHook h = table.get(i);
      if (h != null) {
        ClientHook w = wrap(h, guarded);
        if (w != h) {
          table.replace(i, w).release();
        } else {
          w.release();
        }
      }
    }
  }

  void wrapperDestroyed() {
    if (live.decrementAndGet() == 0) {
      whenUnused.run();
    }
  }

  @Override
  public String toString() {
    return "Membrane[" + filter + ", " + live.get() + " references]";
  }
}
