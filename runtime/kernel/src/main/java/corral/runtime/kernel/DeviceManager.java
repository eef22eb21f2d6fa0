package corral.runtime.kernel;

import corral.classes.Calls;
import corral.classes.KernelSchema;
import corral.classes.KernelWire;
import corral.classes.NamingSchema;
import corral.runtime.cap.CapId;
import corral.runtime.cap.CapSchema;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;
import corral.runtime.cap.HostUpdates;
import corral.runtime.cap.Restoration;
import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.component.Config;
import corral.runtime.component.Driver;
import corral.runtime.component.DriverCatalog;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's device manager and supervisor: which instances exist, under which names, in which
 * driver host processes; plugging and unplugging them; and keeping their hosts alive.
 *
 * <pre>
 *   plug(driver, name, group, settings)
 *     name free? driver known? settings valid? ──no──▶ failed, nothing created
 *     host of group running, or launch one ──fails──▶ failed (host log's end), nothing left
 *     authority.createInstance ─▶ attachHost (secret) ─▶ HostControl.create ──throws──▶ undo all
 *     bind name ─▶ mint owner cap
 *
 *   supervision: a host's exit, or no answer to heartbeats for heartbeatTimeout
 *     ─▶ kill it ─▶ budget left? ──no──▶ host and its instances "failed" (names stay bound)
 *     ─▶ relaunch (backoff: 0, 100 ms, 200 ms … 5 s) under the same id (in the spare host if
 *        one is ready: no JVM start), then a new spare is started in the background
 *     ─▶ each instance created again: same id, settings, secret, name
 * </pre>
 *
 * <p>Changes (plug, unplug, a restart) are serialised by one lock; listings read concurrent maps.
 * Heartbeats run on the injected timer executor; deaths are handled on virtual threads.
 */
final class DeviceManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeviceManager.class);
  private static final long HOST_START_SECONDS = 60;
  private static final long CONTROL_CALL_SECONDS = 60;

  /** How long a restore waits for an instance whose host is being restarted. */
  private static final long RESTORE_WAIT_SECONDS = 10;

  /** A plugged instance. */
  static final class Instance {
    final long id;
    final String name;
    final DriverCatalog.Entry driver;
    final Map<String, String> settings;
    final List<DeviceResources.Grant> grants;
    final Host host;
    volatile String state = "running";

    /** The cap published under its name ("" for none). */
    volatile String published = "";

    HostUpdates.Attachment attachment;
    ControlChannelUpdates updates;

    Instance(
        long id,
        String name,
        DriverCatalog.Entry driver,
        Map<String, String> settings,
        List<DeviceResources.Grant> grants,
        Host host) {
      this.id = id;
      this.name = name;
      this.driver = driver;
      this.settings = Map.copyOf(settings);
      this.grants = List.copyOf(grants);
      this.host = host;
    }
  }

  /** A driver host and what it runs. */
  static final class Host {
    final ProcessDriverHost process;
    final List<String> jvmOptions;
    final int restartBudget;
    final Set<Long> instances = ConcurrentHashMap.newKeySet();
    final Deque<Instant> restarts = new ArrayDeque<>();
    volatile String state = "starting";
    volatile long lastPong = System.nanoTime();
    volatile int generation;

    /** Completes when the host serves again after a death (or has failed). */
    volatile java.util.concurrent.CompletableFuture<Void> serving =
        java.util.concurrent.CompletableFuture.completedFuture(null);

    int restartCount;
    boolean stopping;
    RpcConnection relay;

    Host(ProcessDriverHost process, List<String> jvmOptions, int restartBudget) {
      this.process = process;
      this.jvmOptions = List.copyOf(jvmOptions);
      this.restartBudget = restartBudget;
    }

    /** The options of this host's JVM after the kernel's: its own, then the AOT cache's. */
    List<String> options(List<String> aot) {
      List<String> all = new ArrayList<>(jvmOptions);
      all.addAll(aot);
      return all;
    }
  }

  /** The outcome of a plug. */
  record Plugged(String cap, long instanceId, String host) {}

  private final KernelSettings settings;
  private final CapabilityAuthority authority;
  private final DriverCatalog catalog;
  private final HostRegistryEndpoint registry;
  private final String controlAddress;
  private final Path hostsDirectory;
  private final Vat vat;
  private final ScheduledExecutorService timers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Namespace names;
  private final Map<Long, Instance> byId = new ConcurrentHashMap<>();

  /** Instances being swapped, done when the swap is (either way): {@link #locate} waits. */
  private final Map<Long, CompletableFuture<Void>> swapping = new ConcurrentHashMap<>();

  private final Map<String, Host> hosts = new ConcurrentHashMap<>();
  private final AtomicInteger hostNumbers = new AtomicInteger();
  private final HostAotCache aot;
  private final DeviceResources resources;

  /**
   * A host JVM started ahead of need (default options, no instance), adopted by the next launch of
   * a host with default options, for a plug or a restart; null while none is ready. Guarded by the
   * lock.
   */
  private ProcessDriverHost spare;

  private SpareLaunch spareLaunch;
  private volatile Thread spareLauncher;
  private boolean closed;
  private long spareRetryAfter;
  private final AtomicInteger spareNumbers = new AtomicInteger();

  /** How long a spare host that failed to start is not tried again. */
  private static final long SPARE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(60);

  private volatile long lastHeartbeat = System.nanoTime();

  DeviceManager(
      KernelSettings settings,
      CapabilityAuthority authority,
      DriverCatalog catalog,
      HostRegistryEndpoint registry,
      String controlAddress,
      Path hostsDirectory,
      Vat vat,
      ScheduledExecutorService timers,
      Namespace names) {
    this.settings = settings;
    this.names = names;
    this.authority = authority;
    this.catalog = catalog;
    this.registry = registry;
    this.controlAddress = controlAddress;
    this.hostsDirectory = hostsDirectory;
    this.vat = vat;
    this.timers = timers;
    this.aot = new HostAotCache(settings, hostsDirectory);
    this.resources = new DeviceResources(settings.stateDirectory());
    if (settings.aotCache()) {
      aot.prepare(this::replenishSpare); // a spare started after the cache starts faster
    } else {
      replenishSpare();
    }
    List<String> stale = names.ownEntries("/");
    for (String name : stale) {
      names.unbind(name);
    }
    if (!stale.isEmpty()) {
      log.info(
          "unbound {} names of instances that ended with this kernel's previous run: {}",
          stale.size(),
          String.join(", ", stale));
    }
    long period = settings.heartbeat().toMillis();
    timers.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
  }

  DriverCatalog catalog() {
    return catalog;
  }

  /**
   * Plugs an instance; see {@link KernelSchema.KernelAdmin.Server}'s plug.
   *
   * @throws RpcException (failed) naming what was refused; nothing is left behind
   */
  Plugged plug(String driverName, String name, String group, Map<String, String> given) {
    return plug(driverName, name, group, given, List.of(), 0);
  }

  /**
   * Plugs an instance, starting its host with {@code jvmOptions} and {@code restartBudget} (0: the
   * kernel's) if this plug starts it.
   *
   * @throws RpcException (failed) naming what was refused; nothing is left behind
   */
  Plugged plug(
      String driverName,
      String name,
      String group,
      Map<String, String> given,
      List<String> jvmOptions,
      int restartBudget) {
    for (String o : jvmOptions) {
      if (!(o.startsWith("-X") || o.startsWith("-D")) || o.startsWith("-XX:AOT")) {
        throw RpcException.failed(
            "JVM option '"
                + o
                + "' is not allowed: only -X..., -XX:... (but not -XX:AOT...) and -D... options are");
      }
    }
    if (name.isBlank()
        || !name.strip().equals(name)
        || name.chars().anyMatch(Character::isISOControl)) {
      throw RpcException.failed("name '" + name + "' is empty or has spaces or control characters");
    }
    if (!group.isEmpty() && !group.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw RpcException.failed(
          "group '" + group + "' is not 1 to 32 lower-case letters, digits and '-'");
    }
    DriverCatalog.Entry entry = driver(driverName);
    Config config = validate(entry, given);
    lock.lock();
    try {
      requireFree(name);
      List<DeviceResources.Grant> grants = grants(entry, config.asText(), 0);
      Host host = group.isEmpty() ? null : hosts.get(group);
      boolean fresh = host == null;
      if (host != null && !host.state.equals("running")) {
        throw RpcException.failed(
            "the host of group "
                + group
                + " is "
                + host.state
                + "; its instances: "
                + namesOf(host));
      }
      if (!fresh && (!jvmOptions.isEmpty() || restartBudget != 0)) {
        throw RpcException.failed(
            "the host of group "
                + group
                + " runs already: its JVM options and restart budget were set by its first plug");
      }
      if (fresh) {
        host =
            launch(
                group.isEmpty() ? "h" + hostNumbers.incrementAndGet() : group,
                group,
                jvmOptions,
                restartBudget == 0 ? settings.restartBudget() : restartBudget);
      }
      long id = authority.createInstance();
      Instance inst = new Instance(id, name, entry, config.asText(), grants, host);
      try {
        start(inst);
      } catch (RuntimeException e) {
        authority.destroyInstance(id);
        if (fresh) {
          stopHost(host);
        }
        throw e;
      }
      try {
        names.bind(name, entryInfo(inst), NamingSchema.State.UP);
      } catch (RuntimeException e) {
        destroy(inst);
        authority.destroyInstance(id);
        if (fresh) {
          stopHost(host);
        }
        throw e;
      }
      byId.put(id, inst);
      host.instances.add(id);
      String cap = authority.mint(id, entry.driver().ownerGrants()).toText();
      log.info(
          "plugged {} ({} {}) in host {} with {}",
          name,
          driverName,
          Capability.hexId(id),
          host.process.id(),
          config);
      return new Plugged(cap, id, host.process.id());
    } finally {
      lock.unlock();
    }
  }

  /** Refuses a plug under {@code name} unless nothing is bound there. */
  private void requireFree(String name) {
    Namespace.Looked l = names.lookup(name);
    if (l.free()) {
      return;
    }
    if (l.entry().isPresent() && l.resolved().equals(name)) {
      Namespace.Entry e = l.entry().get();
      throw RpcException.failed(
          "name "
              + name
              + " is bound to instance "
              + Capability.hexId(e.instanceId())
              + " ("
              + e.driver()
              + (e.kernel().equals(names.kernel()) ? "" : ", served by kernel " + e.kernel())
              + "); unplug it first or choose another name");
    }
    throw RpcException.failed(
        l.status() == NamingSchema.Status.FOUND
            ? "name "
                + name
                + " is taken ("
                + (l.resolved().equals(name) ? "a directory" : "an alias to " + l.resolved())
                + "); choose another name"
            : l.message());
  }

  /** The entry of {@code inst} in the namespace. */
  private static Namespace.EntryInfo entryInfo(Instance inst) {
    return new Namespace.EntryInfo(
        inst.id,
        inst.driver.driver().interfaces().stream().map(i -> i.name()).toList(),
        inst.driver.driver().name(),
        inst.host.process.id(),
        inst.published);
  }

  /** Tells the namespace the state of {@code inst}; a failure is logged, not thrown. */
  private void publishState(Instance inst, NamingSchema.State state) {
    try {
      names.rebind(inst.name, entryInfo(inst), state);
    } catch (RuntimeException e) {
      log.warn("the namespace did not take {} as {}: {}", inst.name, state, e.getMessage());
    }
  }

  /** Stops {@code inst} in its host, if the host runs; a failure is logged. */
  private void destroy(Instance inst) {
    Host host = inst.host;
    if (host.state.equals("running")) {
      try {
        Calls.await(
                host.process.hello().control().destroy(p -> p.setInstanceId(inst.id)),
                CONTROL_CALL_SECONDS)
            .close();
      } catch (RpcException e) {
        log.warn(
            "host {} did not stop {} in order: {}", host.process.id(), inst.name, e.getMessage());
      }
    }
    if (inst.attachment != null) {
      inst.attachment.close();
    }
  }

  /**
   * The resources an instance of {@code entry} with {@code settings} is granted; an event line held
   * by an instance other than {@code id} is refused.
   */
  private List<DeviceResources.Grant> grants(
      DriverCatalog.Entry entry, Map<String, String> settings, long id) {
    return resources.grantsFor(
        entry.driver(),
        settings,
        id,
        (resource, self) ->
            byId.values().stream()
                .anyMatch(
                    i ->
                        i.id != self
                            && i.grants.stream()
                                .anyMatch(g -> g.resource().id().equals(resource))));
  }

  private DriverCatalog.Entry driver(String driverName) {
    return catalog
        .find(driverName)
        .orElseThrow(
            () ->
                RpcException.failed(
                    "no driver named '"
                        + driverName
                        + "'; drivers: "
                        + String.join(", ", catalog.names())));
  }

  private static Config validate(DriverCatalog.Entry entry, Map<String, String> given) {
    return switch (Config.validate(entry.driver(), given)) {
      case Config.Validation.Valid v -> v.config();
      case Config.Validation.Invalid i -> throw RpcException.failed(i.message());
    };
  }

  /**
   * Replaces the instance bound to {@code name} by one of {@code driverName}, keeping its id and
   * secret, handing its state over; see {@code KernelAdmin.swap}.
   *
   * @return the id of the host now running it
   */
  String swap(String name, String driverName, Map<String, String> given) {
    DriverCatalog.Entry entry = driver(driverName);
    Config config = validate(entry, given);
    lock.lock();
    try {
      Instance old = exact(name, "swap");
      if (!old.state.equals("running")) {
        throw RpcException.failed(
            "instance " + name + " is " + old.state + "; swap it when it runs");
      }
      CompletableFuture<Void> swapped = new CompletableFuture<>();
      swapping.put(old.id, swapped);
      try {
        return swap(old, entry, driverName, config, name);
      } finally {
        swapping.remove(old.id, swapped);
        swapped.complete(null);
      }
    } finally {
      lock.unlock();
    }
  }

  private String swap(
      Instance old, DriverCatalog.Entry entry, String driverName, Config config, String name) {
    {
      List<DeviceResources.Grant> grants = grants(entry, config.asText(), old.id);
      String group = old.host.process.group();
      Host target =
          group.isEmpty()
              ? launch(
                  "h" + hostNumbers.incrementAndGet(),
                  "",
                  old.host.jvmOptions,
                  old.host.restartBudget)
              : old.host;
      byte[] state;
      try (var r =
          Calls.await(
              old.host.process.hello().control().destroy(p -> p.setInstanceId(old.id)),
              CONTROL_CALL_SECONDS)) {
        state = r.join().getHandOver().toArray();
      } catch (RuntimeException e) {
        if (target != old.host) {
          stopHost(target);
        }
        throw e;
      }
      old.attachment.close();
      old.host.instances.remove(old.id);
      Instance next = new Instance(old.id, name, entry, config.asText(), grants, target);
      try {
        start(next, state);
      } catch (RuntimeException e) {
        Instance back = new Instance(old.id, name, old.driver, old.settings, old.grants, old.host);
        back.published = old.published;
        start(back, new byte[0]);
        old.host.instances.add(old.id);
        byId.put(old.id, back);
        if (target != old.host) {
          stopHost(target);
        }
        throw RpcException.failed(
            "swap of "
                + name
                + " to "
                + driverName
                + " failed, the old driver runs again: "
                + e.getMessage());
      }
      next.published = old.published;
      target.instances.add(next.id);
      byId.put(next.id, next);
      publishState(next, NamingSchema.State.UP);
      log.info(
          "swapped {} from {} to {} ({} bytes handed over), now in host {}",
          name,
          old.driver.driver().name(),
          driverName,
          state.length,
          target.process.id());
      if (old.host != target && old.host.instances.isEmpty()) {
        stopHost(old.host);
      }
      return target.process.id();
    }
  }

  private Host launch(String id, String group, List<String> jvmOptions, int restartBudget) {
    Host host =
        new Host(new ProcessDriverHost(id, group, hostsDirectory), jvmOptions, restartBudget);
    try {
      start(host);
    } catch (HostStartException e) {
      throw RpcException.failed(e.getMessage());
    }
    host.state = "running";
    host.lastPong = System.nanoTime();
    hosts.put(id, host);
    watch(host);
    return host;
  }

  /**
   * Under the lock: gives {@code host} a running process, the spare's if one is ready and the host
   * has default options, else a newly launched one.
   */
  private void start(Host host) throws HostStartException {
    ProcessDriverHost ready = host.jvmOptions.isEmpty() ? takeSpare() : null;
    if (ready != null) {
      host.process.adopt(ready);
      log.info("host {} runs in the spare host {}", host.process.id(), ready.id());
    } else {
      host.process.launch(
          settings, host.options(aot.options()), controlAddress, registry, HOST_START_SECONDS);
    }
    replenishSpare();
  }

  /**
   * Under the lock: the spare host if one is ready and alive (it is then no longer the spare), or
   * the one being started, once it is (sooner than a launch begun now); else null.
   */
  private ProcessDriverHost takeSpare() {
    ProcessDriverHost s = spare;
    spare = null;
    SpareLaunch starting = spareLaunch;
    if (s == null && starting != null) {
      try {
        s = starting.host().get(HOST_START_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        s = null; // the launch failed or hangs: it says so itself
      }
      if (s == null || !starting.claimed().compareAndSet(false, true)) {
        return null;
      }
      spareLaunch = null; // so that the next spare starts now
    }
    if (s != null && (s.process() == null || !s.process().isAlive())) {
      log.warn("the spare host {} had exited (log: {}); launching a host instead", s.id(), s.log());
      s.kill();
      return null;
    }
    return s;
  }

  /** A spare host being started: its process once ready (null if it failed), and who took it. */
  private record SpareLaunch(
      CompletableFuture<ProcessDriverHost> host,
      java.util.concurrent.atomic.AtomicBoolean claimed) {}

  /** Starts a spare host in the background if there is none (nor one starting). */
  private void replenishSpare() {
    SpareLaunch launch;
    lock.lock();
    try {
      if (!settings.spareHost()
          || closed
          || spare != null
          || spareLaunch != null
          || System.nanoTime() - spareRetryAfter < 0) {
        return;
      }
      launch =
          new SpareLaunch(
              new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicBoolean());
      spareLaunch = launch;
    } finally {
      lock.unlock();
    }
    spareLauncher = Thread.ofVirtual().name("corral-spare-host").start(() -> launchSpare(launch));
  }

  private void launchSpare(SpareLaunch launch) {
    ProcessDriverHost p =
        new ProcessDriverHost("spare" + spareNumbers.incrementAndGet(), "", hostsDirectory);
    HostStartException failed = null;
    try {
      p.launch(settings, aot.options(), controlAddress, registry, HOST_START_SECONDS);
    } catch (HostStartException e) {
      failed = e;
    }
    launch.host().complete(failed == null ? p : null); // a plug waiting for it may take it now
    lock.lock();
    try {
      if (spareLaunch == launch) {
        spareLaunch = null;
      }
      if (failed != null) {
        spareRetryAfter = System.nanoTime() + SPARE_RETRY_NANOS;
        log.warn("no spare host for now (plugs launch their hosts): {}", failed.getMessage());
      } else if (!launch.claimed().compareAndSet(false, true)) {
        return; // taken by a plug or restart that waited for it
      } else if (closed) {
        p.stop(3000);
      } else {
        spare = p;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Creates {@code inst} in its host's running process. */
  private void start(Instance inst) {
    start(inst, new byte[0]);
  }

  /** Creates {@code inst} in its host's running process, with a predecessor's state. */
  private void start(Instance inst, byte[] handOver) {
    KernelSchema.HostControl.Client control = inst.host.process.hello().control();
    ControlChannelUpdates updates = new ControlChannelUpdates(inst.host.process.id(), control);
    inst.attachment = authority.attachHost(inst.id, updates);
    inst.updates = updates;
    try {
      Calls.await(
              control.create(
                  p -> {
                    KernelSchema.NewInstance.Builder n = p.initInstance();
                    n.setInstanceId(inst.id);
                    n.setDriver(inst.driver.driver().name());
                    n.setName(inst.name);
                    KernelWire.writeSettings(inst.settings, n::initSettings);
                    n.setJar(inst.driver.jar().map(Path::toString).orElse(""));
                    n.setHandOver(handOver);
                    writeGrants(inst.grants, n);
                    n.setSecret(updates.secret().bytes());
                    List<CapId> revoked = List.copyOf(updates.revokedIds());
                    var list = n.initRevoked(revoked.size());
                    for (int i = 0; i < revoked.size(); i++) {
                      list.set(i, new org.capnproto.Data.Reader(KernelWire.bytes(revoked.get(i))));
                    }
                  }),
              CONTROL_CALL_SECONDS)
          .close();
    } catch (RuntimeException e) {
      inst.attachment.close();
      throw e;
    }
    updates.created();
    inst.state = "running";
  }

  private static void writeGrants(
      List<DeviceResources.Grant> grants, KernelSchema.NewInstance.Builder n) {
    List<DeviceResources.Grant> windows =
        grants.stream().filter(g -> g.resource().isWindow()).toList();
    List<DeviceResources.Grant> lines =
        grants.stream().filter(g -> !g.resource().isWindow()).toList();
    var w = n.initWindows(windows.size());
    for (int i = 0; i < windows.size(); i++) {
      DeviceResources.Resource r = windows.get(i).resource();
      w.get(i).setName(windows.get(i).name());
      w.get(i).setResource(r.id());
      w.get(i).setFile(r.file().toString());
      w.get(i).setBase(0);
      w.get(i).setLength(r.length());
    }
    var e = n.initEvents(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      DeviceResources.Resource r = lines.get(i).resource();
      e.get(i).setName(lines.get(i).name());
      e.get(i).setResource(r.id());
      e.get(i).setDoorbell(r.file().toString());
      e.get(i).setSocket(r.socket().toString());
    }
  }

  /**
   * Unplugs the instance bound to {@code name}.
   *
   * @throws RpcException (failed) if nothing is bound to {@code name}
   */
  void unplug(String name) {
    lock.lock();
    try {
      Instance inst = exact(name, "unplug");
      Host host = inst.host;
      destroy(inst);
      authority.destroyInstance(inst.id);
      if (!names.unbind(name)) {
        log.warn("{} was no longer bound when {} was unplugged", name, Capability.hexId(inst.id));
      }
      byId.remove(inst.id);
      host.instances.remove(inst.id);
      log.info("unplugged {} ({})", name, Capability.hexId(inst.id));
      if (host.instances.isEmpty()) {
        stopHost(host);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The instance of this kernel that {@code name} resolves to, following aliases. */
  private Instance bound(String name) {
    Namespace.Looked l = names.lookup(name);
    if (l.entry().isEmpty()) {
      throw RpcException.failed(
          (l.status() == NamingSchema.Status.FOUND
                  ? name + " is a directory, not an instance"
                  : "nothing is bound to " + name)
              + (byId.isEmpty() ? "" : "; names: " + String.join(", ", ownNames())));
    }
    Namespace.Entry e = l.entry().get();
    Instance inst = byId.get(e.instanceId());
    if (!e.kernel().equals(names.kernel()) || inst == null || !inst.name.equals(l.resolved())) {
      throw RpcException.failed(
          name
              + " is instance "
              + Capability.hexId(e.instanceId())
              + " of kernel "
              + e.kernel()
              + ", not of this one ("
              + names.kernel()
              + "): ask that kernel");
    }
    return inst;
  }

  /** As {@link #bound}, but {@code name} itself must be the entry, not an alias to it. */
  private Instance exact(String name, String verb) {
    Instance inst = bound(name);
    if (!inst.name.equals(name)) {
      throw RpcException.failed(
          name
              + " is an alias to "
              + inst.name
              + ": "
              + verb
              + " "
              + inst.name
              + ", or unbind the alias");
    }
    return inst;
  }

  /** The names of this kernel's instances, in order. */
  private List<String> ownNames() {
    return byId.values().stream().map(i -> i.name).sorted().toList();
  }

  /**
   * Publishes {@code cap} under the name of its instance (empty: withdraws); the cap published
   * before is revoked. See {@code KernelAdmin.publish}.
   */
  long publish(String name, String cap) {
    lock.lock();
    try {
      Instance inst = exact(name, "publish");
      String old = inst.published;
      if (!cap.isEmpty()) {
        if (!(authority.restore(cap) instanceof Restoration.Restored r)
            || r.instanceId() != inst.id) {
          throw RpcException.failed("the cap to publish is not a genuine, current cap of " + name);
        }
        if (!old.isEmpty()
            && authority.restore(old) instanceof Restoration.Restored was
            && r.lineage().contains(was.capId())) {
          throw RpcException.failed(
              "the cap to publish is derived from the one published now, which is revoked when it"
                  + " is replaced: derive it from the owner cap instead");
        }
      }
      inst.published = cap;
      long revision =
          names.rebind(
              name,
              entryInfo(inst),
              switch (inst.state) {
                case "running" -> NamingSchema.State.UP;
                case "failed" -> NamingSchema.State.FAILED;
                default -> NamingSchema.State.DOWN;
              });
      if (!old.isEmpty() && !old.equals(cap)) {
        revoke(old);
      }
      log.info(
          "{} {}", cap.isEmpty() ? "withdrew the published cap of" : "published a cap of", name);
      return revision;
    } finally {
      lock.unlock();
    }
  }

  private void stopHost(Host host) {
    host.stopping = true;
    hosts.remove(host.process.id(), host);
    closeRelay(host);
    host.process.stop(3000);
    log.info("stopped host {}", host.process.id());
  }

  private static void closeRelay(Host host) {
    synchronized (host) {
      if (host.relay != null) {
        host.relay.close();
        host.relay = null;
      }
    }
  }

  /** A device on the simulated bus and the name plugged for it. */
  record Device(String id, String model, String driver, String name, Path directory) {}

  private final Map<String, Device> bus = new ConcurrentHashMap<>();

  /**
   * A device of {@code model} arrives on the simulated bus: plugs the first matching driver under
   * its rule's name template; see {@code KernelAdmin.attach}.
   */
  Device attach(
      String model, String id, Map<String, String> properties, Map<String, Long> deviceResources) {
    lock.lock();
    try {
      Driver.MatchRule rule = null;
      DriverCatalog.Entry entry = null;
      for (DriverCatalog.Entry e : catalog.entries()) {
        for (Driver.MatchRule r : e.driver().matches()) {
          if (rule == null && r.model().equals(model)) {
            rule = r;
            entry = e;
          }
        }
      }
      if (rule == null) {
        throw RpcException.failed(
            "no driver matches device model '"
                + model
                + "'; models with a driver: "
                + String.join(
                    ", ",
                    catalog.entries().stream()
                        .flatMap(e -> e.driver().matches().stream())
                        .map(Driver.MatchRule::model)
                        .sorted()
                        .toList()));
      }
      String deviceId = id;
      for (int n = 0; deviceId.isEmpty(); n++) {
        if (!bus.containsKey(model + n)) {
          deviceId = model + n;
        }
      }
      if (bus.containsKey(deviceId)) {
        throw RpcException.failed("a device with id " + deviceId + " is attached already");
      }
      String name = null;
      for (int n = 0; name == null; n++) {
        String candidate = rule.nameTemplate().replace("{n}", Integer.toString(n));
        if (names.lookup(candidate).free()) {
          name = candidate;
        }
      }
      Map<String, String> config = new java.util.HashMap<>(properties);
      for (Driver.Resource r : entry.driver().resources()) {
        config.putIfAbsent(r.name(), deviceId + "/" + r.name());
      }
      Path directory = resources.create(deviceId, deviceResources);
      try {
        plug(entry.driver().name(), name, "", config);
      } catch (RuntimeException e) {
        resources.remove(deviceId);
        throw e;
      }
      Device d = new Device(deviceId, model, entry.driver().name(), name, directory);
      bus.put(deviceId, d);
      log.info("device {} ({}) attached: plugged {} as {}", deviceId, model, d.driver(), name);
      return d;
    } finally {
      lock.unlock();
    }
  }

  /** The device {@code id} leaves the bus: its instance is unplugged. */
  Device detach(String id) {
    lock.lock();
    try {
      Device d = bus.get(id);
      if (d == null) {
        throw RpcException.failed(
            "no device "
                + id
                + " is attached"
                + (bus.isEmpty()
                    ? ""
                    : "; attached: " + String.join(", ", new java.util.TreeSet<>(bus.keySet()))));
      }
      if (byId.values().stream().anyMatch(i -> i.name.equals(d.name()))) {
        unplug(d.name());
      }
      bus.remove(id);
      resources.remove(id);
      log.info("device {} detached: unplugged {}", id, d.name());
      return d;
    } finally {
      lock.unlock();
    }
  }

  /** A fresh owner cap of the instance bound to {@code name}. */
  String ownerCap(String name) {
    Instance inst = bound(name);
    return authority.mint(inst.id, inst.driver.driver().ownerGrants()).toText();
  }

  /** Revokes {@code text} and its descendants; false if it was not a genuine, current cap. */
  boolean revoke(String text) {
    if (!(Capability.parse(text) instanceof CapabilityText.Parsed p)
        || !authority.revoke(p.capability())) {
      return false;
    }
    confirmed(p.capability().instanceId());
    return true;
  }

  /** Waits until the host of an instance has taken the updates sent to it so far. */
  private void confirmed(long instanceId) {
    Instance inst = byId.get(instanceId);
    if (inst != null && inst.updates != null) {
      inst.updates.awaitSent(CONTROL_CALL_SECONDS);
    }
  }

  /** Revokes every cap of the instance bound to {@code name}; returns a new owner cap. */
  String revokeAll(String name) {
    Instance inst = bound(name);
    authority.revokeAll(inst.id);
    confirmed(inst.id);
    return ownerCap(name);
  }

  /**
   * Where the instance of a genuine cap is served: its host's address, or empty for the kernel's
   * own instance (the admin instance).
   *
   * @throws RpcException (failed) "capability refused", or that the instance is not running
   */
  String locate(String text) {
    if (!(authority.restore(text) instanceof Restoration.Restored r)) {
      throw RpcException.failed(corral.runtime.cap.GatingRestorer.REFUSED);
    }
    if (r.instanceId() == authority.adminInstanceId()) {
      return "";
    }
    CompletableFuture<Void> swap = swapping.get(r.instanceId());
    if (swap != null) {
      try {
        swap.get(RESTORE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        // still swapping: the instance's state says what to do
      }
    }
    Instance inst = byId.get(r.instanceId());
    if (inst == null) {
      throw RpcException.failed(corral.runtime.cap.GatingRestorer.REFUSED);
    }
    if (inst.state.equals("restarting")) {
      try {
        inst.host.serving.get(RESTORE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        // still restarting: said below
      }
    }
    if (!inst.state.equals("running")) {
      throw inst.state.equals("failed")
          ? RpcException.failed("instance " + inst.name + " has failed: " + failure(inst.host))
          : RpcException.disconnected(
              "instance " + inst.name + " is " + inst.state + "; try again");
    }
    return inst.host.process.hello().address();
  }

  private String failure(Host host) {
    return "its host "
        + host.process.id()
        + " was restarted "
        + host.restartCount
        + " times and spent its budget of "
        + host.restartBudget
        + " restarts in "
        + settings.restartWindow().toMinutes()
        + " minutes (log: "
        + host.process.log()
        + ")";
  }

  /** A reference to the instance of {@code text}, relayed through this kernel to its host. */
  Client relay(String text) {
    String address = locate(text);
    Host host =
        byId.get(((CapabilityText.Parsed) Capability.parse(text)).capability().instanceId()).host;
    RpcConnection c;
    synchronized (host) {
      if (host.relay == null) {
        try {
          host.relay = vat.connect(address, null).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw RpcException.disconnected("cannot reach host " + host.process.id() + ": " + e);
        }
      }
      c = host.relay;
    }
    try (CapSchema.Restorer.Client restorer = new CapSchema.Restorer.Client(c.bootstrap());
        var r = Calls.await(restorer.restore(p -> p.setCap(text)), CONTROL_CALL_SECONDS)) {
      return r.join().getRef().duplicate();
    }
  }

  /** What {@code corral ls} shows of an instance. */
  record InstanceView(
      String name,
      long id,
      String driver,
      String host,
      String state,
      Map<String, String> settings) {}

  /** What {@code corral hosts} shows of a host. */
  record HostView(
      String id,
      String group,
      long pid,
      String state,
      int restarts,
      String address,
      List<String> instances) {}

  List<InstanceView> instances() {
    List<InstanceView> out = new ArrayList<>();
    for (Instance i : byId.values()) {
      out.add(
          new InstanceView(
              i.name, i.id, i.driver.driver().name(), i.host.process.id(), i.state, i.settings));
    }
    out.sort(Comparator.comparing(InstanceView::name));
    return out;
  }

  List<HostView> hosts() {
    List<HostView> out = new ArrayList<>();
    for (Host h : hosts.values()) {
      Process p = h.process.process();
      ProcessDriverHost.Hello hello = h.process.hello();
      out.add(
          new HostView(
              h.process.id(),
              h.process.group(),
              p == null ? 0 : p.pid(),
              h.state,
              h.restartCount,
              hello == null ? "" : hello.address(),
              namesOf(h)));
    }
    out.sort(Comparator.comparing(HostView::id));
    return out;
  }

  private List<String> namesOf(Host h) {
    return h.instances.stream()
        .map(byId::get)
        .filter(java.util.Objects::nonNull)
        .map(i -> i.name)
        .sorted()
        .toList();
  }

  // ---- supervision ----

  private void watch(Host host) {
    int generation = ++host.generation;
    Process p = host.process.process();
    p.onExit()
        .thenRun(
            () ->
                Thread.startVirtualThread(
                    () -> died(host, generation, "exited with status " + p.exitValue())));
  }

  private void heartbeat() {
    long now = System.nanoTime();
    long sincePrevious = now - lastHeartbeat;
    lastHeartbeat = now;
    if (sincePrevious > settings.heartbeatTimeout().toNanos()) {
      // The kernel itself was not running (stopped, swapped out): the hosts are not to blame.
      log.warn(
          "the kernel missed heartbeats for {} ms; not counting them against hosts",
          sincePrevious / 1_000_000);
      hosts.values().forEach(h -> h.lastPong = now);
      return;
    }
    for (Host h : hosts.values()) {
      if (!h.state.equals("running")) {
        continue;
      }
      ProcessDriverHost.Hello hello = h.process.hello();
      int generation = h.generation;
      if (now - h.lastPong > settings.heartbeatTimeout().toNanos()) {
        Thread.startVirtualThread(
            () ->
                died(
                    h,
                    generation,
                    "answered no heartbeat for " + settings.heartbeatTimeout().toMillis() + " ms"));
        continue;
      }
      if (hello == null) {
        continue;
      }
      try {
        var ping = hello.control().ping(p -> {});
        ping.whenComplete(
            (r, e) -> {
              ping.close();
              if (e == null && h.generation == generation) {
                h.lastPong = System.nanoTime();
              }
            });
      } catch (RuntimeException e) {
        // a closed control client: the exit watcher handles it
      }
    }
  }

  /** Host {@code host}'s process of {@code generation} is gone or hung: restart it, or fail it. */
  private void died(Host host, int generation, String why) {
    lock.lock();
    try {
      if (host.stopping || host.generation != generation || !host.state.equals("running")) {
        return;
      }
      log.warn("host {} {}: restarting it (log: {})", host.process.id(), why, host.process.log());
      host.serving = new java.util.concurrent.CompletableFuture<>();
      host.process.kill();
      closeRelay(host);
      for (long id : host.instances) {
        Instance inst = byId.get(id);
        if (inst != null) {
          inst.state = "restarting";
          if (inst.attachment != null) {
            inst.attachment.close();
          }
          publishState(inst, NamingSchema.State.DOWN);
        }
      }
      scheduleRestart(host);
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: spends one restart of the budget, or fails the host. */
  private void scheduleRestart(Host host) {
    Instant now = settings.clock().instant();
    while (!host.restarts.isEmpty()
        && host.restarts.peekFirst().isBefore(now.minus(settings.restartWindow()))) {
      host.restarts.removeFirst();
    }
    if (host.restarts.size() >= host.restartBudget) {
      host.state = "failed";
      failInstances(host);
      host.serving.complete(null);
      log.error(
          "host {} failed: restarted {} times within {} minutes; its instances {} stay failed"
              + " until unplugged (log: {})",
          host.process.id(),
          host.restarts.size(),
          settings.restartWindow().toMinutes(),
          namesOf(host),
          host.process.log());
      return;
    }
    host.restarts.addLast(now);
    host.state = "restarting";
    long delay =
        host.restarts.size() == 1
            ? 0
            : Math.min(5000, 100L << Math.min(6, host.restarts.size() - 2));
    timers.schedule(
        () -> Thread.startVirtualThread(() -> restart(host)), delay, TimeUnit.MILLISECONDS);
  }

  private void failInstances(Host host) {
    for (long id : host.instances) {
      Instance inst = byId.get(id);
      if (inst != null) {
        inst.state = "failed";
        publishState(inst, NamingSchema.State.FAILED);
      }
    }
  }

  private void restart(Host host) {
    lock.lock();
    try {
      if (host.stopping) {
        return;
      }
      host.restartCount++;
      try {
        start(host);
      } catch (HostStartException e) {
        log.warn("host {} did not restart: {}", host.process.id(), e.getMessage());
        scheduleRestart(host);
        return;
      }
      host.state = "running";
      host.lastPong = System.nanoTime();
      watch(host);
      for (long id : host.instances) {
        Instance inst = byId.get(id);
        try {
          start(inst);
          publishState(inst, NamingSchema.State.UP);
        } catch (RuntimeException e) {
          inst.state = "failed";
          publishState(inst, NamingSchema.State.FAILED);
          log.error(
              "{} did not come back in host {}: {}", inst.name, host.process.id(), e.getMessage());
        }
      }
      host.serving.complete(null);
      log.info(
          "host {} restarted (restart {}), serving {}",
          host.process.id(),
          host.restartCount,
          namesOf(host));
    } finally {
      lock.unlock();
    }
  }

  /** Stops every host in order and unbinds the names of their instances. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (spare != null) {
        spare.stop(3000);
        spare = null;
      }
    } finally {
      lock.unlock();
    }
    Thread launching = spareLauncher;
    if (launching != null) {
      try {
        launching.join(java.time.Duration.ofSeconds(HOST_START_SECONDS + 5)); // it stops its spare
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      for (Host h : List.copyOf(hosts.values())) {
        stopHost(h);
      }
      for (Instance i : List.copyOf(byId.values())) {
        try {
          names.unbind(i.name);
        } catch (RuntimeException e) {
          log.warn("{} stays bound: {}", i.name, e.getMessage());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  Optional<Instance> instance(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  Duration heartbeatTimeout() {
    return settings.heartbeatTimeout();
  }
}
