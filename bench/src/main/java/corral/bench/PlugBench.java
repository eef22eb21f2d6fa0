package corral.bench;

import corral.classes.BlockClass.Block;
import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.classes.KernelSchema;
import corral.naming.NameStores;
import corral.naming.rpc.StoreNameService;
import corral.runtime.kernel.Kernel;
import corral.runtime.kernel.KernelSettings;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Hot-plug figures of issue 11, each beside its baseline from the same run: plug → name bound with
 * a fresh host JVM (with and without the hosts' AOT cache) against the cold start of a minimal
 * Netty unix-socket server JVM; plug into a running group host; kill -9 of a host → its instance
 * serving again; the idle RSS of a host; null calls ({@code Block.info} of the null driver) over
 * the direct path and relayed through the kernel.
 *
 * <p>Also: 1,000 instances (or {@code --instances N}) plugged into one group host (plug rate, RSS
 * per instance), and the direct path's null call beside a raw Java socket ping-pong and the bench's
 * RPC null call ({@link ServerProcess}) measured in the same slices.
 *
 * <p>usage: PlugBench --drivers DIR --host DIR [--rounds N] [--instances N] (run from
 * bench/target/corral-bench.jar: the kernels run in this JVM, their hosts on the host runtime's
 * jars in {@code --host}, as {@code corral kernel} runs them: {@code cli/target/host}).
 */
public final class PlugBench {
  private PlugBench() {}

  /** Time for the kernel's spare host to start again after it was adopted (a JVM start). */
  private static final long SPARE_READY_MILLIS = 3000;

  public static void main(String[] args) throws Exception {
    Path drivers = null;
    Path host = null;
    int many = 1000;
    int rounds = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--drivers" -> drivers = Path.of(args[i + 1]);
        case "--host" -> host = Path.of(args[i + 1]);
        case "--instances" -> many = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (drivers == null || host == null) {
      throw new IllegalArgumentException("usage: PlugBench --drivers DIR --host DIR [--rounds N]");
    }
    String hostClassPath = KernelSettings.classPathOf(host);
    Path tmp = Files.createTempDirectory("corral-plugbench");
    Path plainState = tmp.resolve("plain");
    Path aotState = tmp.resolve("aot");
    Path spareState = tmp.resolve("spare");
    List<Double> netty = new ArrayList<>();
    List<Double> plugPlain = new ArrayList<>();
    List<Double> plugAot = new ArrayList<>();
    List<Double> plugSpare = new ArrayList<>();
    List<Double> restartSpare = new ArrayList<>();
    List<Double> plugGroup = new ArrayList<>();
    List<Double> restart = new ArrayList<>();
    List<Double> rssPlain = new ArrayList<>();
    List<Double> rssAot = new ArrayList<>();
    double[] direct;
    double[] relayed;
    double[] raw;
    double[] rpc;
    List<Double> plugMany = new ArrayList<>();
    double rssOne;
    double rssMany;
    double manySeconds;
    System.out.printf(
        "load average before: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    try (Kernel plain =
            Kernel.start(
                KernelSettings.of(
                        plainState, KernelSettings.defaultListen(plainState), Optional.of(drivers))
                    .withHostClassPath(hostClassPath)
                    .withAotCache(false)
                    .withSpareHost(false),
                StoreNameService.serve(NameStores.open(Optional.empty(), plainState)));
        Kernel aot =
            Kernel.start(
                KernelSettings.of(
                        aotState, KernelSettings.defaultListen(aotState), Optional.of(drivers))
                    .withHostClassPath(hostClassPath)
                    .withSpareHost(false),
                StoreNameService.serve(NameStores.open(Optional.empty(), aotState)));
        Kernel spare =
            Kernel.start(
                KernelSettings.of(
                        spareState, KernelSettings.defaultListen(spareState), Optional.of(drivers))
                    .withHostClassPath(hostClassPath),
                StoreNameService.serve(NameStores.open(Optional.empty(), spareState)));
        Vat vat = new Vat(1);
        KernelClient plainClient = KernelClient.connect(vat, plain.address());
        KernelClient aotClient = KernelClient.connect(vat, aot.address());
        KernelClient spareClient = KernelClient.connect(vat, spare.address());
        KernelSchema.KernelAdmin.Client spareAdmin = spareClient.admin(adminCap(spare));
        KernelSchema.KernelAdmin.Client plainAdmin = plainClient.admin(adminCap(plain));
        KernelSchema.KernelAdmin.Client aotAdmin = aotClient.admin(adminCap(aot))) {
      awaitAotCache(aotState);
      awaitAotCache(spareState);
      for (int round = 0; round < rounds + 1; round++) {
        boolean warm = round == 0; // the first round warms up the kernels, is not counted
        double n = nettyColdStart(tmp.resolve("netty.sock"));
        double p = plugMillis(plainAdmin, "null", "/dev/p" + round, "");
        double rp = rssKiB(hostPid(plainAdmin, "/dev/p" + round));
        double a = plugMillis(aotAdmin, "null", "/dev/a" + round, "");
        double ra = rssKiB(hostPid(aotAdmin, "/dev/a" + round));
        Thread.sleep(SPARE_READY_MILLIS); // the spare host, replenished after the last adoption
        double sp = plugMillis(spareAdmin, "null", "/dev/s" + round, "");
        unplug(plainAdmin, "/dev/p" + round);
        unplug(aotAdmin, "/dev/a" + round);
        unplug(spareAdmin, "/dev/s" + round);
        if (!warm) {
          netty.add(n);
          plugPlain.add(p);
          plugAot.add(a);
          plugSpare.add(sp);
          rssPlain.add(rp);
          rssAot.add(ra);
        }
      }
      plugMillis(aotAdmin, "null", "/dev/g-first", "g");
      for (int i = 0; i < rounds * 4; i++) {
        plugGroup.add(plugMillis(aotAdmin, "null", "/dev/g" + i, "g"));
      }
      for (int i = 0; i < rounds * 4; i++) {
        unplug(aotAdmin, "/dev/g" + i);
      }
      String spareCap = plug(spareAdmin, "null", "/dev/ks", "ks");
      for (int i = 0; i < Math.min(rounds, 4); i++) {
        Thread.sleep(SPARE_READY_MILLIS);
        restartSpare.add(killAndServeAgain(spareClient, spareAdmin, spareCap, "/dev/ks"));
      }
      unplug(spareAdmin, "/dev/ks");
      String cap = plug(aotAdmin, "null", "/dev/k", "k");
      for (int i = 0; i < Math.min(rounds, 4); i++) {
        restart.add(killAndServeAgain(aotClient, aotAdmin, cap, "/dev/k"));
      }
      try (Block.Client d = new Block.Client(aotClient.restore(cap));
          Block.Client r = new Block.Client(aotClient.relayed(cap));
          BenchServer _ = new BenchServer("raw", tmp.resolve("raw.sock"));
          BenchServer _ = new BenchServer("corral", tmp.resolve("rpc.sock"));
          Caller rawCaller = new RawSocketCaller(tmp.resolve("raw.sock"));
          Caller rpcCaller = CorralCaller.connect("unix:" + tmp.resolve("rpc.sock"))) {
        nullCalls(() -> Calls.await(d.info(p -> {}), 30).close(), 2000);
        nullCalls(() -> Calls.await(r.info(p -> {}), 30).close(), 2000);
        nullCalls(rawCaller::ping, 2000);
        nullCalls(rpcCaller::ping, 2000);
        // interleaved in slices, so the four share the machine's drift
        long[][] t = new long[4][];
        for (int i = 0; i < 4; i++) {
          t[i] = new long[0];
        }
        for (int slice = 0; slice < 5; slice++) {
          t[0] = concat(t[0], nullCalls(() -> Calls.await(d.info(p -> {}), 30).close(), 1000));
          t[1] = concat(t[1], nullCalls(() -> Calls.await(r.info(p -> {}), 30).close(), 1000));
          t[2] = concat(t[2], nullCalls(rawCaller::ping, 1000));
          t[3] = concat(t[3], nullCalls(rpcCaller::ping, 1000));
        }
        direct = percentiles(t[0]);
        relayed = percentiles(t[1]);
        raw = percentiles(t[2]);
        rpc = percentiles(t[3]);
      }
      unplug(aotAdmin, "/dev/k");
      unplug(aotAdmin, "/dev/g-first");
      // many instances in one group host
      plug(aotAdmin, "null", "/dev/many0", "many");
      long manyPid = hostPid(aotAdmin, "/dev/many0");
      rssOne = rssKiB(manyPid);
      long t0 = System.nanoTime();
      for (int i = 1; i < many; i++) {
        plugMany.add(plugMillis(aotAdmin, "null", "/dev/many" + i, "many"));
      }
      manySeconds = (System.nanoTime() - t0) / 1e9;
      rssMany = rssKiB(manyPid);
      for (int i = 0; i < many; i++) {
        unplug(aotAdmin, "/dev/many" + i);
      }
    }
    System.out.printf(
        "load average after:  %s%n%n", Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.printf("%-58s %12s %s%n", "figure", "median", "[min .. max]");
    row("minimal Netty unix-socket server JVM, cold start (baseline)", netty, "ms");
    row("plug -> bound, fresh host, no AOT cache", plugPlain, "ms");
    row("plug -> bound, fresh host, AOT cache", plugAot, "ms");
    System.out.printf(
        "  ratio to the baseline: %.2fx without, %.2fx with the AOT cache (target <= 1.0x)%n",
        median(plugPlain) / median(netty), median(plugAot) / median(netty));
    row("plug -> bound, new host adopting the spare host JVM", plugSpare, "ms");
    System.out.printf(
        "  ratio to the baseline: %.2fx (target <= 1.0x)%n", median(plugSpare) / median(netty));
    row("plug into a running group host (target <= 10 ms)", plugGroup, "ms");
    row("kill -9 of a host -> instance serving again, fresh JVM", restart, "ms");
    row("kill -9 of a host -> serving again, spare host (target <= 500 ms)", restartSpare, "ms");
    row("idle host RSS, no AOT cache", rssPlain, "KiB");
    row("idle host RSS, AOT cache", rssAot, "KiB");
    System.out.printf(
        Locale.ROOT,
        "%d instances in one group host: %.0f plugs/s (plug p50 %.1f ms), host RSS %.0f KiB with"
            + " one, %.0f KiB with all: %.1f KiB per instance%n",
        many,
        (many - 1) / manySeconds,
        median(plugMany),
        rssOne,
        rssMany,
        (rssMany - rssOne) / (many - 1));
    String call = "%-58s %9.1f us  p90 %.1f us  %.2fx raw%n";
    System.out.printf(
        Locale.ROOT,
        call,
        "null call, raw Java socket ping-pong (baseline), p50",
        raw[0],
        raw[1],
        1.0);
    System.out.printf(
        Locale.ROOT,
        call,
        "null call, the bench's RPC server (Bench.ping), p50",
        rpc[0],
        rpc[1],
        rpc[0] / raw[0]);
    System.out.printf(
        Locale.ROOT,
        call,
        "null call (Block.info), direct path, default dispatch, p50",
        direct[0],
        direct[1],
        direct[0] / raw[0]);
    System.out.printf(
        Locale.ROOT,
        call,
        "null call (Block.info), relayed by the kernel, p50",
        relayed[0],
        relayed[1],
        relayed[0] / raw[0]);
  }

  /** A bench server JVM ({@link ServerProcess}), stopped on close. */
  private static final class BenchServer implements AutoCloseable {
    private final Process process;

    BenchServer(String kind, Path socket) throws Exception {
      process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:+UseSerialGC",
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ServerProcess.class.getName(),
                  kind,
                  "unix:" + socket)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String line = new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
      if (!"ready".equals(line)) {
        process.destroyForcibly();
        throw new IllegalStateException("bench server " + kind + " did not start: " + line);
      }
    }

    @Override
    public void close() throws java.io.IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** One null call. */
  private interface NullCall {
    void call() throws Exception;
  }

  private static String adminCap(Kernel k) throws Exception {
    return Files.readString(k.adminCapFile()).strip();
  }

  private static void awaitAotCache(Path state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      try (var s = Files.list(state.resolve("hosts"))) {
        if (s.anyMatch(f -> f.getFileName().toString().endsWith(".aot"))) {
          return;
        }
      }
      Thread.sleep(200); // a benchmark's set-up, not a test
    }
    throw new IllegalStateException("the AOT cache was not built within 300 s");
  }

  private static double nettyColdStart(Path socket) throws Exception {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                MinimalNettyServer.class.getName(),
                socket.toString())
            .redirectErrorStream(true)
            .start();
    String line = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
    double ms = (System.nanoTime() - t0) / 1e6;
    p.getOutputStream().close();
    p.waitFor(10, TimeUnit.SECONDS);
    p.destroyForcibly();
    if (!"ready".equals(line)) {
      throw new IllegalStateException("the Netty server said " + line);
    }
    return ms;
  }

  private static String plug(
      KernelSchema.KernelAdmin.Client admin, String driver, String name, String group) {
    try (var r =
        Calls.await(
            admin.plug(
                p -> {
                  p.setDriver(driver);
                  p.setName(name);
                  p.setGroup(group);
                  p.initSettings(0);
                }),
            120)) {
      return r.join().getCap().toString();
    }
  }

  private static double plugMillis(
      KernelSchema.KernelAdmin.Client admin, String driver, String name, String group) {
    long t0 = System.nanoTime();
    plug(admin, driver, name, group);
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void unplug(KernelSchema.KernelAdmin.Client admin, String name) {
    Calls.run(admin.unplug(p -> p.setName(name)));
  }

  private static long hostPid(KernelSchema.KernelAdmin.Client admin, String name) {
    try (var r = Calls.await(admin.hosts(p -> {}), 30)) {
      for (var h : r.join().getHosts()) {
        for (var n : h.getInstances()) {
          if (n.toString().equals(name)) {
            return h.getPid();
          }
        }
      }
    }
    throw new IllegalStateException("no host runs " + name);
  }

  private static double rssKiB(long pid) throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Double.parseDouble(l.replaceAll("[^0-9]", ""));
      }
    }
    return Double.NaN;
  }

  private static double killAndServeAgain(
      KernelClient client, KernelSchema.KernelAdmin.Client admin, String cap, String name)
      throws Exception {
    long pid = hostPid(admin, name);
    ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
    long t0 = System.nanoTime();
    h.destroyForcibly();
    while (true) {
      try (Block.Client d = new Block.Client(client.restore(cap))) {
        Calls.await(d.info(p -> {}), 30).close();
        if (hostPid(admin, name) != pid) {
          return (System.nanoTime() - t0) / 1e6;
        }
      } catch (RpcException e) {
        // not serving yet: restore again (locate waits while the host restarts)
      }
    }
  }

  private static long[] nullCalls(NullCall call, int n) throws Exception {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.call();
      t[i] = System.nanoTime() - t0;
    }
    return t;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** p50 and p90 in microseconds. */
  private static double[] percentiles(long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    return new double[] {s[s.length / 2] / 1e3, s[s.length * 9 / 10] / 1e3};
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a[a.length / 2];
  }

  private static void row(String what, List<Double> v, String unit) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%-58s %9.1f %-3s [%.1f .. %.1f]%n",
        what,
        median(v),
        unit,
        a[0],
        a[a.length - 1]);
  }
}
