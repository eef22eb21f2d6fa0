package corral.cli;

import corral.naming.NameStore;
import corral.naming.NameStores;
import corral.naming.rpc.StoreNameService;
import corral.runtime.kernel.Kernel;
import corral.runtime.kernel.KernelSettings;
import corral.runtime.rpc.RpcException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral kernel [--state DIR] [--listen unix:PATH] [--drivers DIR] [--naming zk://...]}: run
 * the kernel, wired to its name service (the embedded journal, or ZooKeeper).
 */
@Command(
    name = "kernel",
    description = {
      "Run the kernel in the foreground until stopped (Ctrl-C, SIGTERM): the capability authority"
          + " of --state, the device manager, the driver hosts it starts, and the socket clients"
          + " reach it on (--listen; clients find it through $CORRAL_KERNEL or --state).",
      "Its namespace is kept in STATE/names/ (a journal: names and aliases survive a restart;"
          + " the entries of instances that ended with the kernel are unbound when it starts"
          + " again), or in ZooKeeper with --naming, shared by every kernel given the same path;"
          + " a kernel's entries there vanish when it dies.",
      "Prints one line when it is ready: 'kernel listening on ADDRESS (state DIR)'. Stopping it"
          + " stops every driver host in order."
    })
final class KernelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description = "the state directory (default: ~/.local/state/corral)")
  Path state;

  @Option(
      names = "--listen",
      paramLabel = "unix:PATH",
      description = "the socket for clients (default: STATE/kernel.sock)")
  String listen;

  @Option(
      names = "--drivers",
      paramLabel = "DIR",
      description =
          "a directory of driver jars, each loaded on its own (default: the drivers directory"
              + " beside corral.jar)")
  Path drivers;

  @Option(
      names = "--naming",
      paramLabel = "zk://HOST:PORT/PATH",
      description =
          "keep the namespace in ZooKeeper under PATH, shared with other kernels"
              + " (zk://H1:P1,H2:P2/PATH for an ensemble; ?session=5s: how long a dead kernel's"
              + " entries outlive it, default 10s); default: the journal in STATE/names/")
  String naming;

  @Option(
      names = "--no-aot-cache",
      description =
          "start driver hosts without the JDK's AOT cache of the runtime (by default it is built"
              + " in the background at the first start, in STATE/hosts/)")
  boolean noAotCache;

  @Option(
      names = "--no-spare-host",
      description =
          "keep no driver host JVM started ahead of need (by default one waits, about 85 MiB, so"
              + " that a plug of a new host or a restart after a crash needs no JVM start)")
  boolean noSpareHost;

  @Override
  public Integer call() throws Exception {
    Path dir = (state != null ? state : KernelOptions.defaultState()).toAbsolutePath();
    String address = listen != null ? listen : KernelSettings.defaultListen(dir);
    if (!address.startsWith("unix:")) {
      throw new Corral.BadInput("--listen " + address + ": only unix:PATH is supported for now");
    }
    Optional<Path> driversDir = drivers != null ? Optional.of(drivers) : besideJar("drivers");
    Path hostRuntime =
        besideJar("host")
            .orElseThrow(
                () ->
                    new Corral.BadInput(
                        "no driver host runtime (host/) beside corral.jar: rebuild with ./mvnw"
                            + " install -pl cli -am"));
    if (drivers != null && !Files.isDirectory(drivers)) {
      throw new Corral.BadInput("--drivers " + drivers + ": no such directory");
    }
    NameStore store;
    try {
      store = NameStores.open(Optional.ofNullable(naming), dir);
    } catch (IllegalArgumentException e) {
      throw new Corral.BadUsage(e.getMessage());
    } catch (RpcException e) {
      throw new Corral.BadInput("cannot open the namespace: " + e.reason());
    }
    Kernel kernel;
    try {
      kernel =
          Kernel.start(
              KernelSettings.of(dir, address, driversDir)
                  .withHostClassPath(KernelSettings.classPathOf(hostRuntime))
                  .withAotCache(!noAotCache)
                  .withSpareHost(!noSpareHost),
              StoreNameService.serve(store));
    } catch (IOException e) {
      store.close();
      throw new Corral.BadInput("cannot start the kernel: " + e.getMessage());
    } catch (RpcException e) {
      store.close();
      throw new Corral.BadInput("cannot start the kernel: " + e.reason());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    kernel.close();
                  } catch (IOException e) {
                    System.err.println("corral kernel: " + e.getMessage());
                  }
                  stopped.countDown();
                }));
    spec.commandLine()
        .getOut()
        .println("kernel listening on " + kernel.address() + " (state " + dir + ")");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }

  /**
   * The directory {@code name} beside the jar this command runs from, if there is one: {@code
   * drivers/} (the shipped drivers) and {@code host/} (a driver host's runtime jars).
   */
  private static Optional<Path> besideJar(String name) {
    try {
      Path jar =
          Path.of(KernelCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = jar.resolveSibling(name);
      return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
