package corral.runtime.host;

import corral.classes.KernelSchema;
import corral.classes.KernelWire;
import corral.runtime.cap.AuditTrail;
import corral.runtime.cap.CapId;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;
import corral.runtime.cap.ExpiryScheduler;
import corral.runtime.cap.GateSet;
import corral.runtime.cap.GatingRestorer;
import corral.runtime.cap.InstanceSecret;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.keyring.HostKeyring;
import corral.runtime.component.Config;
import corral.runtime.component.Driver;
import corral.runtime.component.DriverCatalog;
import corral.runtime.component.DriverProvider;
import corral.runtime.component.Grants;
import corral.runtime.component.InstanceContext;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Server;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances one driver host runs: for each, its context, its server and the restorer that gates
 * references to it. Every instance's restorer shares the host's keyring (fed by the kernel over the
 * control channel), gate set and audit trail; each has the catalog of its own driver's interfaces,
 * so denials name its methods.
 *
 * <p>Thread-safe: the control channel creates and destroys instances while clients restore.
 */
final class HostedInstances {
  private static final Logger log = LoggerFactory.getLogger(HostedInstances.class);

  private record Hosted(
      String name,
      Driver driver,
      InstanceContext context,
      Client server,
      InstanceDoor door,
      GatingRestorer restorer) {}

  /** How long a stop waits for the calls an instance accepted to be answered. */
  private static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(10);

  private final HostKeyring keyring;
  private final GateSet gates;
  private final AuditTrail audit;
  private final ExpiryScheduler expiry;
  private final InstantSource clock;
  private final Map<Long, Hosted> instances = new ConcurrentHashMap<>();
  private final Map<String, ClassLoader> loaders = new ConcurrentHashMap<>();
  private final GatingRestorer nobody;

  HostedInstances(
      HostKeyring keyring,
      GateSet gates,
      AuditTrail audit,
      ExpiryScheduler expiry,
      InstantSource clock) {
    this.keyring = keyring;
    this.gates = gates;
    this.audit = audit;
    this.expiry = expiry;
    this.clock = clock;
    this.nobody =
        new GatingRestorer(
            keyring,
            id -> Optional.empty(),
            gates,
            InterfaceCatalog.of(java.util.List.of()),
            audit,
            expiry);
  }

  /**
   * Creates and starts serving an instance; on failure nothing of it is kept.
   *
   * @throws RpcException (failed) naming the driver and instance when the driver is not found, its
   *     configuration is refused or its constructor throws
   */
  void create(KernelSchema.NewInstance.Reader spec) {
    long id = spec.getInstanceId();
    String name = spec.getName().toString();
    String driverName = spec.getDriver().toString();
    if (instances.containsKey(id)) {
      throw RpcException.failed("instance " + Capability.hexId(id) + " already runs here");
    }
    Driver driver = find(driverName, spec.getJar().toString());
    Config config =
        switch (Config.validate(driver, KernelWire.settings(spec.getSettings()))) {
          case Config.Validation.Valid v -> v.config();
          case Config.Validation.Invalid i -> throw RpcException.failed(i.message());
        };
    Set<CapId> revoked = new HashSet<>();
    for (var b : spec.getRevoked()) {
      revoked.add(KernelWire.capId(b.toArray()));
    }
    byte[] handOver = spec.getHandOver().toArray();
    Grants grants = openGrants(name, spec);
    InstanceContext ctx =
        new InstanceContext(
            id,
            name,
            config,
            clock,
            handOver.length == 0 ? Optional.empty() : Optional.of(handOver),
            grants);
    Server server;
    try {
      server = driver.factory().create(ctx);
    } catch (Exception | LinkageError e) {
      ctx.stop();
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn("driver {} failed to start {}: {}", driverName, name, why);
      throw RpcException.failed("driver " + driverName + " failed to start " + name + ": " + why);
    }
    keyring.serving(new InstanceSecret(id, spec.getSecret().toArray()), revoked);
    Client client = Client.of(server);
    InstanceDoor door = new InstanceDoor(name);
    GatingRestorer restorer =
        new GatingRestorer(
            keyring,
            i -> i == id ? Optional.of(client) : Optional.empty(),
            gates,
            InterfaceCatalog.of(driver.interfaces()),
            audit,
            expiry,
            door);
    instances.put(id, new Hosted(name, driver, ctx, client, door, restorer));
    log.info("started {} ({} {}, {})", name, driverName, Capability.hexId(id), config);
  }

  /** Maps the instance's windows and listens on its event lines, exactly as the kernel granted. */
  private static Grants openGrants(String name, KernelSchema.NewInstance.Reader spec) {
    List<Grants.Window> windows = new ArrayList<>();
    for (var w : spec.getWindows()) {
      windows.add(
          new Grants.Window(
              w.getName().toString(),
              w.getResource().toString(),
              Path.of(w.getFile().toString()),
              w.getBase(),
              w.getLength()));
    }
    List<Grants.Line> lines = new ArrayList<>();
    for (var e : spec.getEvents()) {
      lines.add(
          new Grants.Line(
              e.getName().toString(),
              e.getResource().toString(),
              Path.of(e.getDoorbell().toString()),
              Path.of(e.getSocket().toString())));
    }
    if (windows.isEmpty() && lines.isEmpty()) {
      return Grants.NONE;
    }
    try {
      return Grants.open(name, windows, lines);
    } catch (IOException e) {
      throw RpcException.failed("cannot grant " + name + " its resources: " + e.getMessage());
    }
  }

  private Driver find(String name, String jar) {
    ClassLoader loader =
        jar.isEmpty()
            ? HostedInstances.class.getClassLoader()
            : loaders.computeIfAbsent(
                jar,
                j -> DriverCatalog.loaderOf(Path.of(j), HostedInstances.class.getClassLoader()));
    for (DriverProvider p : ServiceLoader.load(DriverProvider.class, loader)) {
      Driver d = p.driver();
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw RpcException.failed(
        "no driver named '" + name + "' in " + (jar.isEmpty() ? "the host's class path" : jar));
  }

  /**
   * Stops an instance: first its door closes (new calls are refused as not delivered, for good) and
   * the calls it accepted are answered (up to 10 s), then its secret is withdrawn, its stop hooks
   * run and its memory goes. Nothing if unknown.
   */
  Optional<byte[]> destroy(long id) {
    Hosted h = instances.get(id);
    if (h == null) {
      return Optional.empty();
    }
    try {
      int left = h.door().closeAndDrain(DRAIN);
      if (left > 0) {
        log.warn(
            "stopping {} with {} calls still running after {} s",
            h.name(),
            left,
            DRAIN.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!instances.remove(id, h)) {
      return Optional.empty();
    }
    // not a revocation: the caps stay valid for a successor; the closed door stops the old
    // references (an unplug's revocation reaches them from the kernel as HostUpdates.destroyed)
    keyring.withdraw(id);
    Optional<byte[]> state = h.context().takeHandOver();
    h.context().stop();
    h.server().close();
    log.info("stopped {} ({})", h.name(), Capability.hexId(id));
    return state;
  }

  /** The restorer of the instance {@code text} claims, or one that refuses it as any bad cap. */
  GatingRestorer restorerFor(String text) {
    if (Capability.parse(text) instanceof CapabilityText.Parsed p) {
      Hosted h = instances.get(p.capability().instanceId());
      if (h != null) {
        return h.restorer();
      }
    }
    return nobody;
  }

  /** Stops every instance (the host is shutting down in order). */
  void destroyAll() {
    instances.keySet().forEach(this::destroy);
  }
}
