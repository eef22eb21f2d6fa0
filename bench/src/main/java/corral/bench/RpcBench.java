package corral.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;

/**
 * The RPC benchmark harness (issue 3): null-call round trips and 64 KiB echo throughput between two
 * processes on a unix socket, for Corral, a raw Java socket (the limit) and the C++ reference
 * (EzRpc), under two placements of the processes (same core, different cores), plus the same calls
 * in-process. Prints one table per placement, each figure as the median and range over several
 * runs, next to the baselines measured in the same rounds.
 *
 * <pre>
 *   java -jar bench/target/corral-bench.jar [--runs N] [--run-millis MS] [--warmup-millis MS]
 *        [--placements same,different] [--cpus A,B] [--no-cross] [--module DIR]
 * </pre>
 *
 * <p><b>Method.</b> Per placement, every server and client process is started once and pinned with
 * {@code taskset}; each client is warmed up, then the rounds run: in each round every client in
 * turn makes null calls for one run, then echo calls with 1 and with 8 in flight. So contenders are
 * interleaved and share whatever drift the machine has, and a ratio (Corral / raw) is taken between
 * figures of the same round before its median is taken. Clients measure themselves (nanoTime around
 * each call); the harness only sends commands between runs and is idle during them.
 *
 * <p>Every run stops at its time or call bound; every command has a timeout; every process is
 * closed at the end of its placement (and exits by itself if the harness dies: it reads its
 * standard input to the end).
 */
public final class RpcBench {
  private static final int MAX_PING_CALLS = 2_000_000;
  private static final int MAX_ECHO_CALLS = 1_000_000;
  private static final int MIN_WARMUP_CYCLES = 3;

  /** What the harness measures, per client and round. */
  enum Metric {
    PING_P50,
    PING_P90,
    ECHO_1,
    ECHO_8
  }

  /** Which implementation a process runs. */
  enum Side {
    RAW,
    CORRAL,
    /** A Corral server whose service has the default dispatch (a server only). */
    CORRAL_DEFAULT,
    CPP
  }

  /**
   * One client to measure: its implementation, and the server it talks to ({@code null}: the server
   * object lives in the client's process).
   */
  record Contender(String label, Side client, Side server) {
    boolean inProcess() {
      return server == null;
    }
  }

  static final Contender RAW = new Contender("raw Java socket (limit)", Side.RAW, Side.RAW);
  static final Contender CORRAL = new Contender("Corral RPC", Side.CORRAL, Side.CORRAL);
  static final Contender CORRAL_DEFAULT =
      new Contender("Corral RPC, default dispatch", Side.CORRAL, Side.CORRAL_DEFAULT);
  static final Contender CPP = new Contender("C++ EzRpc (reference)", Side.CPP, Side.CPP);
  static final Contender CORRAL_TO_CPP =
      new Contender("Corral client -> C++ server", Side.CORRAL, Side.CPP);
  static final Contender CPP_TO_CORRAL =
      new Contender("C++ client -> Corral server", Side.CPP, Side.CORRAL);
  static final Contender CORRAL_LOCAL = new Contender("Corral, in-process", Side.CORRAL, null);
  static final Contender CPP_LOCAL = new Contender("C++ capnp, in-process", Side.CPP, null);

  /**
   * Where the processes run: servers on {@code serverCpus}, clients on {@code clientCpus}, and an
   * in-process client (which has both ends) on {@code inProcessCpus}.
   */
  record Placement(String name, String serverCpus, String clientCpus, String inProcessCpus) {
    static Placement of(String key, String cpuA, String cpuB) {
      return switch (key) {
        case "same" -> new Placement("same core", cpuA, cpuA, cpuA);
        case "different" -> new Placement("different cores", cpuB, cpuA, cpuA + "," + cpuB);
        default ->
            throw new IllegalArgumentException(
                "unknown placement '" + key + "'; expected same or different");
      };
    }
  }

  /** Command-line options; see the class comment. */
  record Options(
      int runs,
      long runMillis,
      long warmupMillis,
      List<String> placements,
      String cpuA,
      String cpuB,
      boolean cross,
      Path module) {

    static Options parse(String[] args) {
      int runs = 5;
      long runMillis = 1000;
      long warmupMillis = 40_000;
      List<String> placements = List.of("same", "different");
      String cpus = "0,1";
      boolean cross = true;
      Path module = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--no-cross")) {
          cross = false;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--runs" -> runs = Integer.parseInt(v);
          case "--run-millis" -> runMillis = Long.parseLong(v);
          case "--warmup-millis" -> warmupMillis = Long.parseLong(v);
          case "--placements" -> placements = List.of(v.split(","));
          case "--cpus" -> cpus = v;
          case "--module" -> module = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      String[] ab = cpus.split(",");
      if (ab.length != 2 || runs < 1 || runMillis < 1 || warmupMillis < 0) {
        throw new IllegalArgumentException(
            "need --cpus A,B (got " + cpus + "), --runs >= 1, --run-millis >= 1");
      }
      placements.forEach(p -> Placement.of(p, ab[0], ab[1]));
      return new Options(
          runs,
          runMillis,
          warmupMillis,
          placements,
          ab[0],
          ab[1],
          cross,
          module != null ? module : moduleOfThisJar());
    }
  }

  /**
   * Per contender and metric, one value per round (NaN where the round failed); and the machine's
   * load average ({@code /proc/loadavg}) before the placement's processes started and after its
   * last round, since anything else running on two cores shows in the figures.
   */
  record Figures(
      Map<Contender, EnumMap<Metric, double[]>> values, String loadBefore, String[] loadAfter) {
    double[] of(Contender c, Metric m) {
      EnumMap<Metric, double[]> byMetric = values.get(c);
      return byMetric == null ? null : byMetric.get(m);
    }
  }

  private final Options options;
  private final PrintStream progress;

  RpcBench(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("RpcBench: " + e.getMessage());
      System.exit(2);
      return;
    }
    RpcBench bench = new RpcBench(options, System.err);
    Map<Placement, Figures> results = bench.run();
    bench.print(results, System.out);
  }

  /** Runs every placement; returns the figures by placement, in the order run. */
  Map<Placement, Figures> run() throws IOException, InterruptedException {
    progress.println("building the C++ reference peers (capnp, g++) ...");
    CppPeers cpp = CppPeers.build(options.module());
    Path dir = Files.createTempDirectory("corral-bench");
    Map<Placement, Figures> results = new LinkedHashMap<>();
    try {
      for (String key : options.placements()) {
        Placement p = Placement.of(key, options.cpuA(), options.cpuB());
        results.put(p, runPlacement(p, cpp, dir.resolve(key)));
      }
    } finally {
      deleteTree(dir);
    }
    return results;
  }

  private List<Contender> contenders() {
    List<Contender> all = new ArrayList<>(List.of(RAW, CORRAL, CORRAL_DEFAULT, CPP));
    if (options.cross()) {
      all.addAll(List.of(CORRAL_TO_CPP, CPP_TO_CORRAL));
    }
    all.addAll(List.of(CORRAL_LOCAL, CPP_LOCAL));
    return all;
  }

  private Figures runPlacement(Placement placement, CppPeers cpp, Path dir)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    progress.printf(
        "%s: servers on cpu %s, clients on cpu %s, in-process on cpus %s%n",
        placement.name(),
        placement.serverCpus(),
        placement.clientCpus(),
        placement.inProcessCpus());
    Map<Side, PeerProcess> servers = new EnumMap<>(Side.class);
    Map<Contender, PeerProcess> clients = new LinkedHashMap<>();
    Figures figures = new Figures(new LinkedHashMap<>(), loadAverage(), new String[1]);
    try {
      for (Side s : Side.values()) {
        String address = "unix:" + dir.resolve(s.name().toLowerCase() + ".sock");
        servers.put(
            s,
            PeerProcess.start(
                s + " server", placement.serverCpus(), serverCommand(s, address, cpp), dir));
      }
      for (Contender c : contenders()) {
        String address =
            c.inProcess() ? null : "unix:" + dir.resolve(c.server().name().toLowerCase() + ".sock");
        String cpus = c.inProcess() ? placement.inProcessCpus() : placement.clientCpus();
        clients.put(c, PeerProcess.start(c.label(), cpus, clientCommand(c, address, cpp), dir));
        EnumMap<Metric, double[]> perMetric = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
          double[] v = new double[options.runs()];
          Arrays.fill(v, Double.NaN);
          perMetric.put(m, v);
        }
        figures.values().put(c, perMetric);
      }
      for (var e : List.copyOf(clients.entrySet())) {
        try {
          warmUp(e.getKey(), e.getValue());
        } catch (IOException failure) {
          drop(clients, e.getKey(), failure);
        }
      }
      for (int round = 0; round < options.runs(); round++) {
        progress.printf("  round %d of %d ...%n", round + 1, options.runs());
        for (var e : List.copyOf(clients.entrySet())) {
          try {
            measure(e.getValue(), figures.values().get(e.getKey()), round);
          } catch (IOException failure) {
            drop(clients, e.getKey(), failure);
          }
        }
      }
      figures.loadAfter()[0] = loadAverage();
    } finally {
      clients.values().forEach(PeerProcess::close);
      servers.values().forEach(PeerProcess::close);
    }
    return figures;
  }

  /**
   * Warms a client (and its server) up by cycles of null calls, then echo calls with 1 and 8 in
   * flight, until a cycle improves neither the null call's p50 nor the 8-in-flight throughput by
   * more than 5% over the cycle before (at least {@value #MIN_WARMUP_CYCLES} cycles), or until
   * {@code --warmup-millis} has gone by. The JIT of two JVMs sharing one core takes some 15 s to
   * settle; the C++ programs settle at once.
   */
  private void warmUp(Contender c, PeerProcess client) throws IOException, InterruptedException {
    long end = System.nanoTime() + options.warmupMillis() * 1_000_000;
    long cycleMillis = Math.max(1, Math.min(1000, options.warmupMillis() / MIN_WARMUP_CYCLES / 2));
    double lastPing = Double.NaN;
    double lastEcho = Double.NaN;
    int cycles = 0;
    boolean settled = false;
    while (!settled && (cycles < MIN_WARMUP_CYCLES || System.nanoTime() < end)) {
      double ping =
          fields(client.command(pingCommand(cycleMillis), timeout(cycleMillis))).get("p50");
      client.command(echoCommand(1, cycleMillis / 2), timeout(cycleMillis));
      double echo =
          mibPerSecond(client.command(echoCommand(8, cycleMillis / 2), timeout(cycleMillis)));
      cycles++;
      settled = cycles >= MIN_WARMUP_CYCLES && ping >= 0.95 * lastPing && echo <= 1.05 * lastEcho;
      lastPing = ping;
      lastEcho = echo;
    }
    progress.printf(
        "  warmed up %s: %d cycles of %d ms, %s (p50 %.1f us, 8 in flight %.0f MiB/s)%n",
        c.label(),
        cycles,
        2 * cycleMillis,
        settled ? "settled" : "time bound reached",
        lastPing / 1000,
        lastEcho);
  }

  private void drop(Map<Contender, PeerProcess> clients, Contender c, IOException failure) {
    progress.println("  " + c.label() + " failed and is left out: " + failure.getMessage());
    clients.remove(c).close();
  }

  private void measure(PeerProcess client, EnumMap<Metric, double[]> into, int round)
      throws IOException, InterruptedException {
    long ms = options.runMillis();
    Map<String, Long> ping = fields(client.command(pingCommand(ms), timeout(ms)));
    into.get(Metric.PING_P50)[round] = ping.get("p50") / 1000.0;
    into.get(Metric.PING_P90)[round] = ping.get("p90") / 1000.0;
    into.get(Metric.ECHO_1)[round] = mibPerSecond(client.command(echoCommand(1, ms), timeout(ms)));
    into.get(Metric.ECHO_8)[round] = mibPerSecond(client.command(echoCommand(8, ms), timeout(ms)));
  }

  private static String pingCommand(long millis) {
    return "ping " + millis + " " + MAX_PING_CALLS;
  }

  private static String echoCommand(int inFlight, long millis) {
    return "echo " + inFlight + " " + millis + " " + MAX_ECHO_CALLS;
  }

  /** A command's run time plus room for the 30 s drain bounds inside the clients. */
  private static long timeout(long runMillis) {
    return runMillis + 60_000;
  }

  private static double mibPerSecond(String echoLine) {
    Map<String, Long> f = fields(echoLine);
    return f.get("bytes") / (1024.0 * 1024.0) / (f.get("nanos") / 1e9);
  }

  /** The {@code key=value} fields of a client's answer line. */
  static Map<String, Long> fields(String line) {
    Map<String, Long> f = new LinkedHashMap<>();
    for (String w : line.split(" ")) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        f.put(w.substring(0, eq), Long.parseLong(w.substring(eq + 1)));
      }
    }
    if (f.isEmpty()) {
      throw new IllegalStateException("client answered without figures: " + line);
    }
    return f;
  }

  private List<String> serverCommand(Side side, String address, CppPeers cpp) {
    return switch (side) {
      case CPP -> List.of(cpp.server().toString(), address);
      case RAW -> java(ServerProcess.class, "raw", address);
      case CORRAL -> java(ServerProcess.class, "corral", address);
      case CORRAL_DEFAULT -> java(ServerProcess.class, "corral-default", address);
    };
  }

  private List<String> clientCommand(Contender c, String address, CppPeers cpp) {
    return switch (c.client()) {
      case CPP -> List.of(cpp.client().toString(), c.inProcess() ? "local" : address);
      case RAW -> java(ClientProcess.class, "raw", address);
      case CORRAL, CORRAL_DEFAULT ->
          c.inProcess()
              ? java(ClientProcess.class, "corral-local")
              : java(ClientProcess.class, "corral", address);
    };
  }

  /**
   * A JVM on this JVM's runtime and class path. Every Java process, raw or Corral, gets the same
   * flags: a fixed 256 MiB heap and the serial collector (what the JVM picks anyway on one CPU).
   */
  private static List<String> java(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xms256m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  // ---- the table ----

  /** Median, lowest and highest of the values that are not NaN. */
  record Spread(double median, double min, double max, int count) {
    static Spread of(double[] values) {
      double[] v =
          values == null
              ? new double[0]
              : Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
      if (v.length == 0) {
        return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
      }
      int n = v.length;
      double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
      return new Spread(median, v[0], v[n - 1], n);
    }

    /** {@code median [min..max]} with {@code number} as the format of each. */
    String format(String number) {
      if (count == 0) {
        return "n/a";
      }
      return number.formatted(median)
          + " ["
          + number.formatted(min)
          + ".."
          + number.formatted(max)
          + "]";
    }
  }

  /** Per-round ratios {@code a[i] / b[i]}. */
  static double[] ratio(double[] a, double[] b) {
    if (a == null || b == null) {
      return null;
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return r;
  }

  void print(Map<Placement, Figures> results, PrintStream out) {
    out.println();
    out.printf(
        "Corral RPC benchmark: %d runs of %d ms per figure, after each client's warm-up (until a"
            + " cycle stops improving, at most %d ms);%n"
            + "each cell is the median over runs [lowest..highest run]; ratios are taken per"
            + " round, then their median.%n"
            + "Java %s (%s), %d CPUs visible to the harness; C++: %s; checkout at run time: %s%n",
        options.runs(),
        options.runMillis(),
        options.warmupMillis(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        "Debian libcapnp (EzRpcServer/EzRpcClient, g++ -O2)",
        sourceRevision());
    for (var e : results.entrySet()) {
      printPlacement(e.getKey(), e.getValue(), out);
    }
  }

  private void printPlacement(Placement p, Figures f, PrintStream out) {
    out.println();
    out.printf(
        "== %s: servers on cpu %s, clients on cpu %s (in-process: cpus %s)%n",
        p.name(), p.serverCpus(), p.clientCpus(), p.inProcessCpus());
    out.printf(
        "   load average (1, 5, 15 min) before: %s, after: %s%n",
        f.loadBefore(), f.loadAfter()[0] == null ? "unknown" : f.loadAfter()[0]);
    String row = "  %-30s %-24s %-24s %s%n";
    out.printf(row, "(a) null call round trip", "p50 us", "p90 us", "p50 / raw p50 (same round)");
    List<Contender> twoProcess = f.values().keySet().stream().filter(c -> !c.inProcess()).toList();
    for (Contender c : twoProcess) {
      out.printf(
          row,
          c.label(),
          Spread.of(f.of(c, Metric.PING_P50)).format("%.1f"),
          Spread.of(f.of(c, Metric.PING_P90)).format("%.1f"),
          Spread.of(ratio(f.of(c, Metric.PING_P50), f.of(RAW, Metric.PING_P50))).format("%.2f"));
    }
    out.printf(
        row, "(b) 64 KiB echo, MiB/s", "1 in flight", "8 in flight", "/ C++ (1 | 8 in flight)");
    for (Contender c : twoProcess) {
      out.printf(
          row,
          c.label(),
          Spread.of(f.of(c, Metric.ECHO_1)).format("%.0f"),
          Spread.of(f.of(c, Metric.ECHO_8)).format("%.0f"),
          Spread.of(ratio(f.of(c, Metric.ECHO_1), f.of(CPP, Metric.ECHO_1))).format("%.2f")
              + " | "
              + Spread.of(ratio(f.of(c, Metric.ECHO_8), f.of(CPP, Metric.ECHO_8))).format("%.2f"));
    }
    out.printf(
        row, "(c) in-process null call", "p50 us", "p90 us", "64 KiB echo MiB/s (1 | 8 in flight)");
    for (Contender c : f.values().keySet().stream().filter(Contender::inProcess).toList()) {
      out.printf(
          row,
          c.label(),
          Spread.of(f.of(c, Metric.PING_P50)).format("%.2f"),
          Spread.of(f.of(c, Metric.PING_P90)).format("%.2f"),
          Spread.of(f.of(c, Metric.ECHO_1)).format("%.0f")
              + " | "
              + Spread.of(f.of(c, Metric.ECHO_8)).format("%.0f"));
    }
    out.println("  targets (issue 13, this placement):");
    target(
        out,
        "default dispatch p50 / non-blocking",
        ratio(f.of(CORRAL_DEFAULT, Metric.PING_P50), f.of(CORRAL, Metric.PING_P50)),
        "<= 1.15",
        r -> r <= 1.15);
    target(
        out,
        "default dispatch p50 / raw socket",
        ratio(f.of(CORRAL_DEFAULT, Metric.PING_P50), f.of(RAW, Metric.PING_P50)),
        "<= 2.5",
        r -> r <= 2.5);
    target(
        out,
        "p50 round trip / C++ EzRpc p50",
        ratio(f.of(CORRAL, Metric.PING_P50), f.of(CPP, Metric.PING_P50)),
        "< 1",
        r -> r < 1);
    target(
        out,
        "64 KiB echo, 1 in flight / C++",
        ratio(f.of(CORRAL, Metric.ECHO_1), f.of(CPP, Metric.ECHO_1)),
        ">= 1",
        r -> r >= 1);
    target(
        out,
        "64 KiB echo, 8 in flight / C++",
        ratio(f.of(CORRAL, Metric.ECHO_8), f.of(CPP, Metric.ECHO_8)),
        ">= 1",
        r -> r >= 1);
    target(
        out,
        "in-process 64 KiB echo (1) / C++",
        ratio(f.of(CORRAL_LOCAL, Metric.ECHO_1), f.of(CPP_LOCAL, Metric.ECHO_1)),
        ">= 0.5",
        r -> r >= 0.5);
  }

  private static void target(
      PrintStream out, String what, double[] ratios, String goal, DoublePredicate met) {
    Spread s = Spread.of(ratios);
    String verdict = s.count() == 0 ? "not measured" : met.test(s.median()) ? "met" : "NOT MET";
    out.printf("    %-34s %-24s target %-6s %s%n", what, s.format("%.2f"), goal, verdict);
  }

  // ---- files ----

  /** {@code git describe --always --dirty} of the checkout the module is in, or "unknown". */
  private String sourceRevision() {
    try {
      Process p =
          new ProcessBuilder("git", "describe", "--always", "--dirty")
              .directory(options.module().toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 && !out.isEmpty() ? "git " + out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  static String loadAverage() {
    try {
      String[] w = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return w[0] + " " + w[1] + " " + w[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The bench module folder: the jar or classes folder sits in its {@code target/}. */
  static Path moduleOfThisJar() {
    try {
      Path code =
          Path.of(RpcBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = code; p != null; p = p.getParent()) {
        if (p.getFileName() != null
            && p.getFileName().toString().equals("target")
            && Files.isDirectory(p.resolveSibling("src/main/cpp"))) {
          return p.getParent();
        }
      }
      throw new IllegalArgumentException(
          "cannot find the bench module from " + code + "; pass --module path/to/bench");
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot locate this jar: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
