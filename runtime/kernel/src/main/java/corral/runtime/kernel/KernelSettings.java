package corral.runtime.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * How a kernel is set up.
 *
 * @param stateDirectory the capability authority's state, the sockets, the hosts' logs (0700)
 * @param listen the kernel's socket for clients ({@code unix:PATH})
 * @param driversDirectory jars of drivers, each loaded in a class loader of its own
 * @param java the {@code java} launcher for driver hosts (the kernel's own JDK)
 * @param hostClassPath the class path of a driver host: the runtime, no driver ({@link HostJvm}
 *     puts the entries that are modules granted native access on the module path)
 * @param hostJvmOptions options for every host JVM (heap limit, GC)
 * @param aotCache whether hosts use an AOT cache of the runtime, built on first use
 * @param spareHost whether one host JVM is kept started ahead of need, adopted by the next plug of
 *     a new host or the next restart (so neither waits for a JVM to start)
 * @param heartbeat how often hosts are pinged
 * @param heartbeatTimeout a host that answered no ping for this long is deemed hung and restarted
 * @param restartBudget restarts of one host allowed within {@code restartWindow}; one more fails it
 * @param clock the kernel's clock (cap expiry, restart budgets)
 */
public record KernelSettings(
    Path stateDirectory,
    String listen,
    Optional<Path> driversDirectory,
    Path java,
    String hostClassPath,
    List<String> hostJvmOptions,
    boolean aotCache,
    boolean spareHost,
    Duration heartbeat,
    Duration heartbeatTimeout,
    int restartBudget,
    Duration restartWindow,
    InstantSource clock) {

  public KernelSettings {
    hostJvmOptions = List.copyOf(hostJvmOptions);
  }

  /** The default socket of a state directory: {@code STATE/kernel.sock}. */
  public static String defaultListen(Path stateDirectory) {
    return "unix:" + stateDirectory.resolve("kernel.sock");
  }

  /** This kernel's settings with or without the hosts' AOT cache. */
  public KernelSettings withAotCache(boolean on) {
    return new KernelSettings(
        stateDirectory,
        listen,
        driversDirectory,
        java,
        hostClassPath,
        hostJvmOptions,
        on,
        spareHost,
        heartbeat,
        heartbeatTimeout,
        restartBudget,
        restartWindow,
        clock);
  }

  /** This kernel's settings with or without a spare host started ahead of need. */
  public KernelSettings withSpareHost(boolean on) {
    return new KernelSettings(
        stateDirectory,
        listen,
        driversDirectory,
        java,
        hostClassPath,
        hostJvmOptions,
        aotCache,
        on,
        heartbeat,
        heartbeatTimeout,
        restartBudget,
        restartWindow,
        clock);
  }

  /** This kernel's settings with hosts running {@code classPath}. */
  public KernelSettings withHostClassPath(String classPath) {
    return new KernelSettings(
        stateDirectory,
        listen,
        driversDirectory,
        java,
        classPath,
        hostJvmOptions,
        aotCache,
        spareHost,
        heartbeat,
        heartbeatTimeout,
        restartBudget,
        restartWindow,
        clock);
  }

  /**
   * The class path made of the jars in {@code directory} (in name order): a driver host's runtime
   * as the build lays it out ({@code cli/target/host/}).
   *
   * @throws IOException when the directory cannot be read or holds no jar
   */
  public static String classPathOf(Path directory) throws IOException {
    List<String> jars;
    try (var files = Files.list(directory)) {
      jars =
          files
              .filter(f -> f.getFileName().toString().endsWith(".jar"))
              .map(Path::toString)
              .sorted()
              .toList();
    }
    if (jars.isEmpty()) {
      throw new IOException(directory + ": no jar of a driver host's runtime in it");
    }
    return String.join(File.pathSeparator, jars);
  }

  /**
   * Settings for a kernel in {@code stateDirectory} listening at {@code listen}, whose hosts run on
   * this JVM's JDK and class path, an AOT cache and a spare host: heartbeats every 500 ms, hung
   * after 2 s, 5 restarts in 10 minutes.
   */
  public static KernelSettings of(
      Path stateDirectory, String listen, Optional<Path> driversDirectory) {
    return new KernelSettings(
        stateDirectory,
        listen,
        driversDirectory,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"),
        List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
        true,
        true,
        Duration.ofMillis(500),
        Duration.ofSeconds(2),
        5,
        Duration.ofMinutes(10),
        InstantSource.system());
  }
}
