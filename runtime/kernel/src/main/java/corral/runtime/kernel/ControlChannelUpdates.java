package corral.runtime.kernel;

import corral.classes.Calls;
import corral.classes.KernelSchema.HostControl;
import corral.classes.KernelWire;
import corral.runtime.cap.CapId;
import corral.runtime.cap.Capability;
import corral.runtime.cap.HostUpdates;
import corral.runtime.cap.InstanceSecret;
import corral.runtime.cap.Revocation;
import corral.runtime.rpc.RpcFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority's {@link HostUpdates} for one instance in one host process, carried by the host's
 * control channel. The first {@code serving} (on attach) is kept for the {@code create} call that
 * starts the instance; events that come before the instance runs are held and sent, in order, once
 * {@link #created()} is called, so no revocation falls between the two.
 *
 * <p>Never blocks: calls are sent without waiting (a failure is logged; a host that stops answering
 * is restarted by the supervisor, which re-sends the full state).
 */
final class ControlChannelUpdates implements HostUpdates {
  private static final Logger log = LoggerFactory.getLogger(ControlChannelUpdates.class);

  private final String host;
  private final HostControl.Client control;
  private InstanceSecret secret;
  private Set<CapId> revoked = Set.of();
  private List<Runnable> held = new ArrayList<>();
  private RpcFuture<?> lastSent = RpcFuture.completed(null);

  ControlChannelUpdates(String host, HostControl.Client control) {
    this.host = host;
    this.control = control;
  }

  /** The secret handed on attach (for the create call). */
  synchronized InstanceSecret secret() {
    return secret;
  }

  /** The revoked ids handed on attach. */
  synchronized Set<CapId> revokedIds() {
    return revoked;
  }

  /** The instance runs: send what was held, and from now on everything at once. */
  synchronized void created() {
    List<Runnable> h = held;
    held = null;
    h.forEach(Runnable::run);
  }

  private synchronized void send(Runnable update) {
    if (held != null) {
      held.add(update);
    } else {
      update.run();
    }
  }

  @Override
  public synchronized void serving(InstanceSecret secret, Set<CapId> revoked) {
    if (this.secret == null) {
      this.secret = secret;
      this.revoked = Set.copyOf(revoked);
      return;
    }
    // A resynchronisation: the host is given the state again by a rekey.
    rekeyed(secret);
  }

  @Override
  public void revoked(Revocation.OfCap revocation) {
    send(
        () ->
            track(
                control.revoked(
                    p -> {
                      p.setInstanceId(revocation.instanceId());
                      p.setCapId(KernelWire.bytes(revocation.capId()));
                    }),
                e -> warn("a revocation", revocation.instanceId(), e)));
  }

  @Override
  public void rekeyed(InstanceSecret newSecret) {
    send(
        () ->
            track(
                control.rekeyed(
                    p -> {
                      p.setInstanceId(newSecret.instanceId());
                      p.setSecret(newSecret.bytes());
                    }),
                e -> warn("a new secret", newSecret.instanceId(), e)));
  }

  @Override
  public void destroyed(long instanceId) {
    send(
        () ->
            track(
                control.destroy(p -> p.setInstanceId(instanceId)),
                e -> warn("a destruction", instanceId, e)));
  }

  private void track(
      corral.runtime.rpc.Pipeline<?> call,
      java.util.function.Consumer<RuntimeException> onFailure) {
    synchronized (this) {
      lastSent = call;
    }
    Calls.forget(call, onFailure::accept);
  }

  /**
   * Waits (at most {@code seconds}) until the host answered the last update sent: after it, a
   * revocation is in force in the host.
   */
  void awaitSent(long seconds) {
    RpcFuture<?> last;
    synchronized (this) {
      last = lastSent;
    }
    try {
      last.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("host {} did not confirm an update within {} s: {}", host, seconds, e.toString());
    }
  }

  private void warn(String what, long instanceId, RuntimeException e) {
    log.warn(
        "host {} did not take {} of instance {} ({}); its supervisor resends the state on restart",
        host,
        what,
        Capability.hexId(instanceId),
        e.getMessage());
  }

  @Override
  public String toString() {
    return "control channel of host " + host;
  }
}
