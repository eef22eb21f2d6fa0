package corral.runtime.rpc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A local promise of a capability: calls made before it resolves wait in a queue and are forwarded,
 * in order, to the resolution; later calls go straight through. Thread-safe.
 */
final class QueuedClient extends ClientHook {
  private final Object lock = new Object();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final List<Runnable> onResolved = new ArrayList<>();
  private ClientHook target;
  private boolean draining;
  private boolean dead;

  /** Settles the promise, taking over the reference to {@code replacement}. Once only. */
  void resolve(ClientHook replacement) {
    List<Runnable> listeners;
    boolean deadAlready;
    synchronized (lock) {
      if (target != null) {
        replacement.release();
        return;
      }
      target = replacement;
      // Released before it was resolved, destroyed() found no target to release: the reference
      // is released here, after the queued calls. Released later (a queued call may do that as
      // it runs), destroyed() releases it.
      deadAlready = dead;
      draining = true;
      listeners = List.copyOf(onResolved);
      onResolved.clear();
    }
    drain();
    if (deadAlready) {
      replacement.release();
    }
    listeners.forEach(Runnable::run);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (lock) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      next.run();
    }
  }

  @Override
  PendingCall call(CallRequest request) {
    ClientHook t;
    DeferredCall deferred;
    synchronized (lock) {
      t = target;
      if (t == null || draining) {
        deferred = new DeferredCall();
        queue.add(() -> deferred.bind(target.call(request)));
        return deferred;
      }
    }
    return t.call(request);
  }

  @Override
  ClientHook resolved() {
    synchronized (lock) {
      return target != null ? target.resolved() : this;
    }
  }

  @Override
  boolean isPromise() {
    synchronized (lock) {
      return target == null || target.isPromise();
    }
  }

  @Override
  void whenResolved(Runnable action) {
    synchronized (lock) {
      if (target == null) {
        onResolved.add(action);
        return;
      }
    }
    action.run();
  }

  @Override
  RpcConnection connection() {
    ClientHook t;
    synchronized (lock) {
      t = target;
    }
    return t == null ? null : t.connection();
  }

  @Override
  void destroyed() {
    ClientHook t;
    synchronized (lock) {
      dead = true;
      t = target;
    }
    if (t != null) {
      t.release();
    }
  }
}
