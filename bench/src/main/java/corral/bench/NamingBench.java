package corral.bench;

import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Found;
import corral.naming.Location;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.NameStore;
import corral.naming.Outcome;
import corral.naming.Watch;
import corral.naming.WatchMessage;
import corral.naming.Watching;
import corral.naming.journal.JournalNameStore;
import corral.naming.zookeeper.ZooKeeperNameStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.apache.zookeeper.ZooKeeper;

/**
 * The naming benchmark (issue 12): the embedded journal store and the ZooKeeper store side by side
 * in one run, each holding the same {@code --names} names (10⁶ by default), with baselines from the
 * same run.
 *
 * <pre>
 *   java -Xmx6g -cp bench/target/corral-bench.jar corral.bench.NamingBench
 *        [--names N] [--runs R] [--run-millis MS] [--watchers W] [--changes C]
 *        [--parts lookup,throughput,fanout,recovery]
 * </pre>
 *
 * <p>Figures, each as the median and the lowest..highest of {@code --runs} runs:
 *
 * <ul>
 *   <li>lookup p50/p99 of a random bound name, timed one by one (baseline: {@code
 *       ConcurrentHashMap.get} of the same keys, the limit; and a ZooKeeper {@code getData} round
 *       trip, what a store reading through to ZooKeeper would pay);
 *   <li>durable bind throughput with 1 and 64 concurrent binders (baseline: the disk's rate of 4
 *       KiB {@code write}+{@code force}, the limit for one binder), and embedded / ZooKeeper per
 *       run;
 *   <li>recovery: the embedded store's {@code open} of the whole namespace in a fresh JVM (as a
 *       kernel's restart: {@link RecoveryProcess}), and its size on disk (baseline: reading its
 *       files);
 *   <li>watch fan-out: {@code --watchers} watchers of one prefix, the time from a bind's call to
 *       the last watcher taking its event, p50/p99 over {@code --changes} changes.
 * </ul>
 *
 * ZooKeeper runs as its own JVM ({@code ZooKeeperServerMain}, the ZooKeeper jar in this one, its
 * log in the run's temp directory) on loopback, with its default of an fsync per transaction.
 */
public final class NamingBench {
  private final PrintStream out;
  private int names = 1_000_000;
  private int runs = 5;
  private long runMillis = 2000;
  private int watchers = 1000;
  private int changes = 200;
  private List<String> parts = List.of("lookup", "throughput", "fanout", "recovery");

  /** A harness printing its figures to {@code out}, with the options in {@code args}. */
  NamingBench(PrintStream out, String... args) {
    this.out = out;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--names" -> this.names = Integer.parseInt(args[++i]);
        case "--runs" -> this.runs = Integer.parseInt(args[++i]);
        case "--run-millis" -> this.runMillis = Long.parseLong(args[++i]);
        case "--watchers" -> this.watchers = Integer.parseInt(args[++i]);
        case "--changes" -> this.changes = Integer.parseInt(args[++i]);
        case "--parts" -> this.parts = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    NamingBench b;
    try {
      b = new NamingBench(System.out, args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    b.run();
  }

  private static Entry entry(long id) {
    return new Entry(
        id,
        List.of("corral.block.Block"),
        "ramdisk",
        new Location("node1", "host-" + (id % 16)),
        Entry.State.UP,
        Optional.empty());
  }

  /** Median and range of one figure over the runs. */
  private record Figure(double[] values) {
    String show(String format) {
      double[] v = values.clone();
      Arrays.sort(v);
      return String.format(format, v[v.length / 2])
          + " ["
          + String.format(format, v[0])
          + ".."
          + String.format(format, v[v.length - 1])
          + "]";
    }
  }

  void run() throws Exception {
    Path tmp = Files.createTempDirectory("corral-naming-bench");
    Process zk = null;
    try {
      out.printf(
          "naming benchmark: %,d names, %d runs, %d ms per throughput run, %d watchers%n",
          names, runs, runMillis, watchers);
      out.printf("load average before: %s%n", loadAverage());
      boolean withZooKeeper = !parts.equals(List.of("recovery"));
      int port = freePort();
      String connect = "127.0.0.1:" + port;
      if (withZooKeeper) {
        zk = startZooKeeper(tmp, port);
      }
      NamePath[] keys = new NamePath[names];
      for (int i = 0; i < names; i++) {
        keys[i] = NamePath.parse("/dev/d" + (i / 1000) + "/n" + i);
      }
      Path journalDir = tmp.resolve("journal");
      JournalNameStore journal =
          JournalNameStore.open(journalDir, JournalNameStore.Options.defaults());
      out.printf("loading %,d names, 64 binders ...%n", names);
      out.printf("  embedded:  %s%n", load(journal, keys));
      if (withZooKeeper) {
        try (ZooKeeperNameStore zoo =
            ZooKeeperNameStore.open(
                ZooKeeperNameStore.Options.of(connect, "/bench")
                    .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10)))) {
          out.printf("  ZooKeeper: %s%n", load(zoo, keys));
          if (parts.contains("lookup")) {
            lookups(journal, zoo, keys, connect);
          }
          if (parts.contains("throughput")) {
            throughput(journal, zoo);
          }
          if (parts.contains("fanout")) {
            fanOut(journal, zoo);
          }
        }
      }
      keys = null;
      if (parts.contains("recovery")) {
        recovery(journal, journalDir);
      } else {
        journal.close();
      }
    } finally {
      if (zk != null) {
        zk.destroy();
        if (!zk.waitFor(10, TimeUnit.SECONDS)) {
          zk.destroyForcibly();
        }
      }
      deleteTree(tmp);
      out.printf("load average after: %s%n", loadAverage());
    }
  }

  private String load(NameStore store, NamePath[] keys) throws Exception {
    long start = System.nanoTime();
    AtomicLong next = new AtomicLong();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        all.add(
            pool.submit(
                () -> {
                  for (long i = next.getAndIncrement();
                      i < keys.length;
                      i = next.getAndIncrement()) {
                    Outcome o = store.bind(keys[(int) i], entry(i));
                    if (!(o instanceof Done)) {
                      throw new IllegalStateException(o.message());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    return String.format("%.1f s (%,.0f binds/s)", s, keys.length / s);
  }

  private void lookups(
      JournalNameStore journal, ZooKeeperNameStore zoo, NamePath[] keys, String connect)
      throws Exception {
    ConcurrentHashMap<NamePath, Entry> map = new ConcurrentHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], entry(i));
    }
    int calls = 1_000_000;
    double[][] fig = new double[8][runs];
    ZooKeeper raw = new ZooKeeper(connect, 30_000, e -> {});
    try {
      for (int r = 0; r < runs; r++) {
        SplittableRandom random = new SplittableRandom(r);
        int[] order = random.ints(calls, 0, keys.length).toArray();
        long[] t = new long[calls];
        timeLookups(t, order, i -> map.get(keys[i]) != null);
        fig[0][r] = pct(t, 50);
        fig[1][r] = pct(t, 99);
        timeLookups(t, order, i -> journal.lookup(keys[i]) instanceof Found);
        fig[2][r] = pct(t, 50);
        fig[3][r] = pct(t, 99);
        timeLookups(t, order, i -> zoo.lookup(keys[i]) instanceof Found);
        fig[4][r] = pct(t, 50);
        fig[5][r] = pct(t, 99);
        int rawCalls = 5000;
        long[] rt = new long[rawCalls];
        for (int i = 0; i < rawCalls; i++) {
          long s = System.nanoTime();
          raw.getData("/bench/names" + keys[order[i]], false, null);
          rt[i] = System.nanoTime() - s;
        }
        fig[6][r] = pct(rt, 50);
        fig[7][r] = pct(rt, 99);
      }
    } finally {
      raw.close();
    }
    out.println("(a) lookup of a random name among " + String.format("%,d", keys.length));
    out.println("                                  p50 us                  p99 us");
    row("ConcurrentHashMap.get (limit)", fig[0], fig[1], "%.3f");
    row("embedded (JournalNameStore)", fig[2], fig[3], "%.3f");
    row("ZooKeeper store (its view)", fig[4], fig[5], "%.3f");
    row("ZooKeeper getData round trip", fig[6], fig[7], "%.1f");
    out.printf(
        "  target: embedded p50 <= 1 us: %s%n",
        new Figure(fig[2]).show("%.3f") + (median(fig[2]) <= 1.0 ? " met" : " NOT MET"));
  }

  private interface LookupCall {
    boolean call(int index);
  }

  private static void timeLookups(long[] t, int[] order, LookupCall call) {
    for (int i = 0; i < order.length; i++) {
      long s = System.nanoTime();
      boolean ok = call.call(order[i]);
      t[i] = System.nanoTime() - s;
      if (!ok) {
        throw new IllegalStateException("name " + order[i] + " not found");
      }
    }
  }

  private void throughput(JournalNameStore journal, ZooKeeperNameStore zoo) throws Exception {
    double[] fsync = new double[runs];
    double[][] e = new double[2][runs];
    double[][] z = new double[2][runs];
    double[][] ratio = new double[2][runs];
    AtomicLong serial = new AtomicLong();
    Path probe = Files.createTempFile(journal.directory(), "fsync", ".probe");
    for (int r = 0; r < runs; r++) {
      fsync[r] = fsyncRate(probe);
      int c = 0;
      for (int binders : new int[] {1, 64}) {
        e[c][r] = bindRate(journal, binders, serial);
        z[c][r] = bindRate(zoo, binders, serial);
        ratio[c][r] = e[c][r] / z[c][r];
        c++;
      }
    }
    Files.delete(probe);
    out.println("(b) durable binds per second        1 binder                 64 binders");
    out.printf("  %-32s %-24s%n", "4 KiB write+fsync (limit, 1)", new Figure(fsync).show("%.0f"));
    row("embedded (JournalNameStore)", e[0], e[1], "%.0f");
    row("ZooKeeper store", z[0], z[1], "%.0f");
    row("embedded / ZooKeeper (per run)", ratio[0], ratio[1], "%.2f");
    out.printf(
        "  target: embedded >= 2x ZooKeeper: 1 binder %s, 64 binders %s%n",
        median(ratio[0]) >= 2 ? "met" : "NOT MET", median(ratio[1]) >= 2 ? "met" : "NOT MET");
  }

  private double fsyncRate(Path probe) throws IOException {
    ByteBuffer page = ByteBuffer.allocate(4096);
    try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
      long end = System.nanoTime() + runMillis * 1_000_000;
      long n = 0;
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        page.clear();
        ch.write(page);
        ch.force(false);
        n++;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  private double bindRate(NameStore store, int binders, AtomicLong serial) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < binders; t++) {
        all.add(
            pool.submit(
                () -> {
                  while (!stop.get()) {
                    long i = serial.incrementAndGet();
                    NamePath name = NamePath.parse("/tput/b" + (i / 1000) + "/n" + i);
                    if (!(store.bind(name, entry(i)) instanceof Done)) {
                      throw new IllegalStateException("bind " + name + " refused");
                    }
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      Thread.sleep(runMillis); // the length of a measured run, not a wait for readiness
      stop.set(true);
      for (Future<?> f : all) {
        f.get();
      }
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private void fanOut(JournalNameStore journal, ZooKeeperNameStore zoo) throws Exception {
    double[][] e = new double[2][runs];
    double[][] z = new double[2][runs];
    for (int r = 0; r < runs; r++) {
      long[] le = fanOutRun(journal, "e" + r);
      long[] lz = fanOutRun(zoo, "z" + r);
      e[0][r] = pct(le, 50);
      e[1][r] = pct(le, 99);
      z[0][r] = pct(lz, 50);
      z[1][r] = pct(lz, 99);
    }
    out.printf(
        "(c) watch fan-out: bind -> the last of %d watchers has the event, %d changes per run%n",
        watchers, changes);
    out.println("                                  p50 us                  p99 us");
    row("embedded (JournalNameStore)", e[0], e[1], "%.0f");
    row("ZooKeeper store", z[0], z[1], "%.0f");
  }

  private long[] fanOutRun(NameStore store, String tag) throws Exception {
    NamePath prefix = NamePath.parse("/fan/" + tag);
    long after = store.revision();
    AtomicLongArray lastSeen = new AtomicLongArray(changes);
    CountDownLatch[] all = new CountDownLatch[changes];
    for (int i = 0; i < changes; i++) {
      all[i] = new CountDownLatch(watchers);
    }
    long[] latency = new long[changes];
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Watch> open = new ArrayList<>();
      for (int w = 0; w < watchers; w++) {
        Watch watch = ((Watching) store.watch(prefix, after)).watch();
        open.add(watch);
        pool.submit(
            () -> {
              for (int seen = 0; seen < changes; ) {
                Optional<WatchMessage> m = watch.next(Duration.ofSeconds(60));
                if (m.isEmpty()) {
                  throw new IllegalStateException("watcher waited 60 s for an event");
                }
                if (m.get() instanceof NameEvent) {
                  long now = System.nanoTime();
                  lastSeen.accumulateAndGet(seen, now, Math::max);
                  all[seen].countDown();
                  seen++;
                }
              }
              return null;
            });
      }
      for (int i = 0; i < changes; i++) {
        long start = System.nanoTime();
        store.bind(prefix.child("n" + i), entry(i));
        if (!all[i].await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("watchers missed change " + i);
        }
        latency[i] = lastSeen.get(i) - start;
      }
      open.forEach(Watch::close);
    }
    return latency;
  }

  private void recovery(JournalNameStore journal, Path dir) throws Exception {
    long names = journal.revision();
    journal.awaitSnapshot();
    journal.close();
    double[] open = new double[runs];
    double[] read = new double[runs];
    long size = 0;
    for (int r = 0; r < runs; r++) {
      long s = System.nanoTime();
      long bytes = 0;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          bytes += Files.readAllBytes(p).length;
        }
      }
      read[r] = (System.nanoTime() - s) / 1e6;
      size = bytes;
      open[r] = recoverInFreshJvm(dir);
    }
    out.printf("(d) recovery of the embedded store (revision %,d), ms%n", names);
    out.printf("  %-32s %s%n", "read its files (limit)", new Figure(read).show("%.0f"));
    out.printf("  %-32s %s%n", "open in a fresh JVM (a restart)", new Figure(open).show("%.0f"));
    out.printf("  disk size: %,d bytes (%.1f MiB)%n", size, size / 1048576.0);
    out.printf("  target: recovery <= 2 s: %s%n", median(open) <= 2000 ? "met" : "NOT MET");
  }

  private static double recoverInFreshJvm(Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx4g",
                "-cp",
                System.getProperty("java.class.path"),
                RecoveryProcess.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)
        || p.exitValue() != 0
        || !output.startsWith("open-millis=")) {
      p.destroyForcibly();
      throw new IllegalStateException("recovery process failed: " + output);
    }
    return Double.parseDouble(output.substring("open-millis=".length(), output.indexOf(' ')));
  }

  private void row(String label, double[] a, double[] b, String format) {
    out.printf("  %-32s %-24s %s%n", label, new Figure(a).show(format), new Figure(b).show(format));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Nearest-rank percentile of nanosecond samples, in microseconds. */
  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, rank)] / 1000.0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process startZooKeeper(Path tmp, int port) throws Exception {
    Path data = Files.createDirectories(tmp.resolve("zookeeper"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx4g",
                "-Dzookeeper.admin.enableServer=false",
                "-Djute.maxbuffer=4194304",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.ZooKeeperServerMain",
                String.valueOf(port),
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("zookeeper.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        new Socket("127.0.0.1", port).close();
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "ZooKeeper did not start; see its log: "
                  + Files.readString(tmp.resolve("zookeeper.log")));
        }
        Thread.sleep(50); // polling a port that is not yet open; bounded by the deadline
      }
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
