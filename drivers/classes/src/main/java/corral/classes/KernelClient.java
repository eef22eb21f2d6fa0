package corral.classes;

import corral.runtime.cap.CapSchema;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.Idempotence;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Java client's connection to its kernel, and the one-hop path to instances:
 *
 * <pre>
 *   restore(cap) ─▶ kernel: locate(cap) ─▶ "unix:/…/hosts/h1.sock"
 *                ─▶ connect there (once per host, kept) ─▶ host's Restorer.restore(cap) ─▶ ref
 *                   (the host's keyring checks the cap; every call goes to the host directly)
 * </pre>
 *
 * Capabilities the kernel serves itself (the admin cap) are restored through the kernel. A
 * reference fails {@code disconnected} when its host goes away (a crash, a restart); {@link
 * #restore} again then: the kernel answers with the host's new address.
 *
 * <p>Owns its connections (the kernel's and the hosts'); the {@link Vat} is borrowed. Thread-safe.
 */
public final class KernelClient implements AutoCloseable {
  private static final long CALL_SECONDS = 30;
  private static final java.time.Duration RESTORING_PATIENCE = java.time.Duration.ofSeconds(30);

  private final Vat vat;
  private final String address;
  private final RpcConnection kernel;
  private final KernelSchema.Kernel.Client bootstrap;
  private final Map<String, RpcConnection> hosts = new ConcurrentHashMap<>();

  private KernelClient(Vat vat, String address, RpcConnection kernel) {
    this.vat = vat;
    this.address = address;
    this.kernel = kernel;
    this.bootstrap = new KernelSchema.Kernel.Client(kernel.bootstrap());
  }

  /**
   * Connects to the kernel listening at {@code address} ({@code unix:/path}).
   *
   * @throws RpcException (disconnected) "cannot connect to the kernel at ADDRESS: ..."
   */
  public static KernelClient connect(Vat vat, String address) {
    return new KernelClient(vat, address, open(vat, address, "the kernel"));
  }

  private static RpcConnection open(Vat vat, String address, String what) {
    try {
      return vat.connect(address, null).get(10, TimeUnit.SECONDS);
    } catch (RpcException e) {
      throw RpcException.disconnected(
          "cannot connect to " + what + " at " + address + ": " + rootMessage(e));
    } catch (TimeoutException e) {
      throw RpcException.disconnected(
          "cannot connect to " + what + " at " + address + ": no answer within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RpcException.disconnected("interrupted connecting to " + what + " at " + address);
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The kernel's address. */
  public String address() {
    return address;
  }

  /**
   * A live reference to the instance of {@code cap}, on the direct path when the instance runs in a
   * driver host; the caller closes it (and wraps it in the interface's client, {@code new
   * BlockClass.Block.Client(ref)}).
   *
   * @throws RpcException (failed) "capability refused" for a forged, altered, expired or revoked
   *     cap, or one of an instance not plugged
   */
  public Client restore(String cap) {
    return restore(cap, where(cap));
  }

  /**
   * A reference to the instance of {@code cap} that restores itself: at its first call, and again
   * after its host or instance went away (a restart after a crash, a swap to another driver, a host
   * moved), each time on the direct path as {@link #restore}. What a call that meets such a change
   * does:
   *
   * <ul>
   *   <li>refused by the old host before it ran (a swap or unplug drains the instance: it answers
   *       the calls it accepted and refuses later ones as not delivered), or made while the kernel
   *       could not yet say where the instance is: sent to the new instance, so a swap fails no
   *       call;
   *   <li>outstanding when the host died: sent again only when {@code idempotence} allows it (the
   *       interface's {@code IDEMPOTENCE}, e.g. {@code BlockClass.Block.IDEMPOTENCE}: info, read,
   *       flush), else it fails {@code disconnected} and the next call goes to the new instance;
   *   <li>refused by the kernel (the cap revoked, the instance unplugged): fails with the kernel's
   *       reason.
   * </ul>
   *
   * Retries are bounded by 30 s after the call was made. The caller closes the reference; it stays
   * usable as long as this client is open.
   */
  public Client restoring(String cap, Idempotence idempotence) {
    return Client.restoring(() -> restore(cap), idempotence, RESTORING_PATIENCE);
  }

  /** Where the instance of {@code cap} is served: its host's address, empty for the kernel. */
  public String where(String cap) {
    try (var r = Calls.await(bootstrap.locate(p -> p.setCap(cap)), CALL_SECONDS)) {
      return r.join().getAddress().toString();
    }
  }

  private Client restore(String cap, String host) {
    if (host.isEmpty()) {
      return relayed(cap);
    }
    RpcConnection c = hosts.computeIfAbsent(host, a -> open(vat, a, "the driver host"));
    try (CapSchema.Restorer.Client restorer = new CapSchema.Restorer.Client(c.bootstrap());
        var r = Calls.await(restorer.restore(p -> p.setCap(cap)), CALL_SECONDS)) {
      return r.join().getRef().duplicate();
    } catch (RpcException e) {
      if (e.kind() == RpcException.Kind.DISCONNECTED) {
        hosts.remove(host, c);
        c.close();
      }
      throw e;
    }
  }

  /**
   * A live reference to the instance of {@code cap} through the kernel, which relays every call to
   * the instance's host: the path of clients that cannot reach the host. Gated the same way.
   */
  public Client relayed(String cap) {
    try (var r = Calls.await(bootstrap.restore(p -> p.setCap(cap)), CALL_SECONDS)) {
      return r.join().getRef().duplicate();
    }
  }

  /**
   * The kernel's namespace with the rights anyone has: lookup, list and watch. The caller closes
   * it.
   */
  public NamingSchema.NameService.Client names() {
    try (var r = Calls.await(bootstrap.names(p -> {}), CALL_SECONDS)) {
      return r.join().getNames().duplicate();
    }
  }

  /**
   * The cap published under {@code name} (aliases followed): what anyone who resolves the name
   * receives. Restore it to call the instance.
   *
   * @throws RpcException (failed) naming the name when it is not bound, not an instance, or has no
   *     published cap
   */
  public String published(String name) {
    try (NamingSchema.NameService.Client names = names();
        var r = Calls.await(names.lookup(p -> p.setName(name)), CALL_SECONDS)) {
      var found = r.join();
      if (found.getResult().getStatus() != NamingSchema.Status.FOUND) {
        throw RpcException.failed(found.getResult().getMessage().toString());
      }
      if (!found.getNode().isEntry()) {
        throw RpcException.failed(name + " is a directory, not an instance");
      }
      String cap = found.getNode().getEntry().getPublishedCap().toString();
      if (cap.isEmpty()) {
        throw RpcException.failed(
            name
                + " has no published cap: its administrator can publish one (corral publish "
                + name
                + " --methods ...) or hand you a cap");
      }
      return cap;
    }
  }

  /** The kernel's administration, opened with the admin cap ({@code STATE/admin.cap}). */
  public KernelSchema.KernelAdmin.Client admin(String adminCap) {
    return new KernelSchema.KernelAdmin.Client(relayed(adminCap));
  }

  /** Closes the connections to the kernel and to every host reached through it. */
  @Override
  public void close() {
    bootstrap.close();
    hosts.values().forEach(RpcConnection::close);
    hosts.clear();
    kernel.close();
  }

  @Override
  public String toString() {
    return "KernelClient[" + address + ", " + hosts.size() + " hosts]";
  }
}
