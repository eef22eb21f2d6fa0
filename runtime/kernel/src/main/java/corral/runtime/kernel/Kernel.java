package corral.runtime.kernel;

import corral.classes.KernelSchema.KernelAdmin;
import corral.classes.NamingSchema;
import corral.runtime.cap.ExecutorExpiryScheduler;
import corral.runtime.cap.GateSet;
import corral.runtime.cap.GatingRestorer;
import corral.runtime.cap.Grant;
import corral.runtime.cap.InterfaceCatalog;
import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.component.DriverCatalog;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.Vat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running kernel: the capability authority of its state directory, the driver catalog, the device
 * manager and supervisor, the client socket ({@code Kernel} bootstrap) and the control socket of
 * its driver hosts ({@code HostRegistry} bootstrap).
 *
 * <pre>
 *   STATE/                 0700, the authority's files (admin.cap, authority.state, audit.log, lock)
 *     kernel.sock          clients (default --listen)
 *     control.sock         driver hosts' control channels (0600)
 *     hosts/ID.sock        each host's Restorer: the direct path
 *     hosts/ID.log         each host's output, appended across restarts
 * </pre>
 *
 * <p>{@link #close()} stops every host in order (their instances' stop hooks run), then the
 * sockets, then the authority. If the kernel process dies instead, its hosts see their standard
 * input close and exit by themselves.
 */
public final class Kernel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Kernel.class);

  private final CapabilityAuthority authority;
  private final Vat vat;
  private final ScheduledExecutorService timers;
  private final DeviceManager devices;
  private final Vat.Listener clients;
  private final Vat.Listener control;
  private final DriverCatalog catalog;
  private final Namespace namespace;

  private Kernel(
      CapabilityAuthority authority,
      Vat vat,
      ScheduledExecutorService timers,
      DeviceManager devices,
      Vat.Listener clients,
      Vat.Listener control,
      DriverCatalog catalog,
      Namespace namespace) {
    this.namespace = namespace;
    this.authority = authority;
    this.vat = vat;
    this.timers = timers;
    this.devices = devices;
    this.clients = clients;
    this.control = control;
    this.catalog = catalog;
  }

  /**
   * The grants of the admin cap: every method of {@code KernelAdmin}, and of the namespace it hands
   * out ({@code NameService} and its {@code Watch}: objects reached through a cap are gated by its
   * grants for their own interface).
   */
  public static List<Grant> adminGrants() {
    return List.of(
        all(KernelAdmin.TYPE_ID, KernelAdmin.METHOD_NAMES.size()),
        all(NamingSchema.NameService.TYPE_ID, NamingSchema.NameService.METHOD_NAMES.size()),
        all(NamingSchema.Watch.TYPE_ID, NamingSchema.Watch.METHOD_NAMES.size()));
  }

  private static Grant all(long interfaceId, int methods) {
    int[] ordinals = new int[methods];
    for (int i = 0; i < methods; i++) {
      ordinals[i] = i;
    }
    return Grant.of(interfaceId, ordinals);
  }

  /**
   * Starts a kernel whose namespace is {@code names}: the root of a name service with every right,
   * which the kernel keeps (and closes when it stops). Entries this kernel left there in an earlier
   * run (their instances ended with it) are unbound first.
   *
   * @throws IOException if the state directory cannot be used (another kernel holds it: the message
   *     says so), or a socket cannot be bound
   */
  public static Kernel start(KernelSettings settings, NamingSchema.NameService.Client names)
      throws IOException {
    Path state = settings.stateDirectory().toAbsolutePath();
    CapabilityAuthority authority =
        CapabilityAuthority.open(state, settings.clock(), adminGrants());
    Vat vat = null;
    ScheduledExecutorService timers = null;
    Namespace namespace = null;
    try {
      DriverCatalog catalog =
          DriverCatalog.load(Kernel.class.getClassLoader(), settings.driversDirectory());
      catalog.problems().forEach(p -> log.warn("{}", p));
      Path hosts = state.resolve("hosts");
      Files.createDirectories(
          hosts,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      vat = new Vat(2);
      timers =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("kernel-timer").factory());
      HostRegistryEndpoint registry = new HostRegistryEndpoint();
      Path controlSocket = state.resolve("control.sock");
      Vat.Listener control = vat.listen("unix:" + controlSocket, () -> Client.of(registry));
      Files.setPosixFilePermissions(controlSocket, PosixFilePermissions.fromString("rw-------"));
      namespace = new Namespace(names, settings.listen());
      DeviceManager devices =
          new DeviceManager(
              settings,
              authority,
              catalog,
              registry,
              control.address(),
              hosts,
              vat,
              timers,
              namespace);
      GateSet gates = new GateSet();
      authority.addRevocationListener(gates);
      long admin = authority.adminInstanceId();
      Client adminServer = Client.of(new AdminEndpoint(devices, namespace.directory(true, true)));
      GatingRestorer own =
          new GatingRestorer(
              authority,
              id -> id == admin ? Optional.of(adminServer) : Optional.empty(),
              gates,
              InterfaceCatalog.ofGenerated(
                  KernelAdmin.class, NamingSchema.NameService.class, NamingSchema.Watch.class),
              authority.audit(),
              new ExecutorExpiryScheduler(timers, settings.clock()));
      KernelEndpoint endpoint =
          new KernelEndpoint(devices, own, admin, namespace.directory(false, false));
      Vat.Listener clients = vat.listen(settings.listen(), () -> Client.of(endpoint));
      log.info(
          "kernel listening on {} (state {}, drivers: {})",
          clients.address(),
          state,
          String.join(", ", catalog.names()));
      return new Kernel(authority, vat, timers, devices, clients, control, catalog, namespace);
    } catch (IOException | RuntimeException e) {
      if (namespace != null) {
        namespace.close();
      } else {
        names.close();
      }
      if (vat != null) {
        vat.close();
      }
      if (timers != null) {
        timers.shutdownNow();
      }
      authority.close();
      throw e;
    }
  }

  /** Where clients connect. */
  public String address() {
    return clients.address();
  }

  /** The admin cap's file. */
  public Path adminCapFile() {
    return authority.adminCapFile();
  }

  /** The drivers this kernel found. */
  public DriverCatalog catalog() {
    return catalog;
  }

  /** Stops the hosts in order, then the sockets and the authority. */
  @Override
  public void close() throws IOException {
    try {
      devices.close();
      namespace.close();
      clients.close();
      control.close();
      vat.close();
      timers.shutdownNow();
    } finally {
      authority.close();
    }
    log.info("kernel stopped");
  }
}
