package corral.runtime.rpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pipelined capabilities on results still to come from a local source (a server method).
 *
 * <p>E-order: all calls pipelined on one pointer path go through one {@link QueuedClient}, and the
 * source {@link #settle settles} the queues <em>before</em> it completes its result future, so the
 * {@code Return} — after which the peer may call the capability directly — is sent only once the
 * queued calls have been handed on. (The interop test with the C++ client caught calls overtaking
 * each other when each call got a queue of its own, and when the queues drained concurrently with
 * the {@code Return}.) The map owns one reference to each queue until it is settled, so a queue
 * whose callers all let go of it is still resolved and its calls delivered.
 */
final class QueuedPipeline {
  private final Map<String, QueuedClient> queues = new HashMap<>();
  private final Map<String, short[]> paths = new HashMap<>();
  private boolean settled;
  private Payload results;
  private Throwable error;

  ClientHook cap(short[] ops) {
    String path = Arrays.toString(ops);
    synchronized (this) {
      QueuedClient q = queues.get(path);
      if (q != null) {
        return q.addRef(); // the map's reference keeps it alive until settled
      }
      if (!settled) {
        QueuedClient fresh = new QueuedClient();
        queues.put(path, fresh);
        paths.put(path, ops);
        return fresh.addRef();
      }
    }
    // Settled, and nothing was ever queued on this path: no earlier call to wait for.
    return error != null ? new BrokenClient(RpcException.from(error)) : orNull(results.capAt(ops));
  }

  /**
   * Resolves every queue with the capability at its path in {@code results} (or breaks them with
   * {@code error}); call before completing the result future. Once only.
   */
  void settle(Payload results, Throwable error) {
    List<Map.Entry<String, QueuedClient>> pending;
    synchronized (this) {
      this.results = results;
      this.error = error;
      this.settled = true;
      pending = new ArrayList<>(queues.entrySet());
    }
    for (Map.Entry<String, QueuedClient> e : pending) {
      short[] ops = paths.get(e.getKey());
      e.getValue()
          .resolve(
              error != null
                  ? new BrokenClient(RpcException.from(error))
                  : orNull(results.capAt(ops)));
    }
    // Drained: later calls may go to the capability directly. Drop the map's references.
    synchronized (this) {
      queues.clear();
      paths.clear();
    }
    for (Map.Entry<String, QueuedClient> e : pending) {
      e.getValue().release();
    }
  }

  static ClientHook orNull(ClientHook h) {
    return h != null ? h : BrokenClient.NULL.addRef();
  }
}
