package corral.bench;

import corral.bench.schema.BenchSchema.Bench;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.Vat;
import corral.runtime.rpc.protocol.Rpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.capnproto.MessageBuilder;
import org.capnproto.MessageReader;
import org.capnproto.ReaderOptions;
import org.capnproto.Serialize;

/**
 * A Corral server under the three attacks that stopped it for every client (issue 10, findings
 * 1–3), each at ten times the strength that did, while a client that connected before keeps calling
 * the null method and fresh clients keep connecting:
 *
 * <pre>
 *   java -cp bench/target/corral-bench.jar corral.bench.AttackBench [--heap 256m]
 *        [--half-open 6000] [--bootstraps 6400000] [--floods 200]
 * </pre>
 *
 * For each attack: the null call's p50/p99 while it runs beside the same client's figures with no
 * attack (the baseline, same run), the fresh clients' connect-and-call time, how many attacker
 * connections were aborted and with which reasons, and the server's peak RSS beside its heap limit
 * and memory budget. The server is {@link ServerProcess} {@code corral} with {@code
 * maxConnections=8192} (so that 6,000 half-open connections are accepted: the attack is on memory,
 * not on the accept limit, which has its own test) and {@code frameTimeoutMs=5000}.
 */
public final class AttackBench {
  private static final int ANNOUNCED_WORDS = 8 * 1024 * 1024; // a 64 MiB frame, the limit
  private static final int FLOOD_ENTRIES = 8_388_544;
  private static final int BOOTSTRAPS_PER_CONNECTION = 10_001; // one past maxAnswers
  private static final String DIRECT = "64m";

  private final PrintStream out = System.out;
  private String heap = "256m";
  private long idleRssKib;
  private int halfOpen = 6_000;
  private long bootstraps = 6_400_000;
  private int floods = 200;

  public static void main(String[] args) throws Exception {
    AttackBench b = new AttackBench();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--heap" -> b.heap = args[i + 1];
        case "--half-open" -> b.halfOpen = Integer.parseInt(args[i + 1]);
        case "--bootstraps" -> b.bootstraps = Long.parseLong(args[i + 1]);
        case "--floods" -> b.floods = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    b.run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path dir = Files.createTempDirectory("corral-attack");
    Path socket = dir.resolve("target.sock");
    String address = "unix:" + socket;
    out.printf(
        "attack benchmark: server heap %s, %,d half-open connections, %,d unfinished Bootstraps,"
            + " %,d cap-table floods%n",
        heap, halfOpen, bootstraps, floods);
    out.printf("load average before: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:MaxDirectMemorySize=" + DIRECT,
                "-cp",
                System.getProperty("java.class.path"),
                ServerProcess.class.getName(),
                "corral",
                address,
                "maxConnections=8192,frameTimeoutMs=5000")
            .redirectError(dir.resolve("server.err").toFile())
            .start();
    try (var lines = server.inputReader()) {
      String ready = lines.readLine();
      if (!"ready".equals(ready)) {
        throw new IOException(
            "the server did not start: " + Files.readString(dir.resolve("server.err")));
      }
      try (Vat vat = new Vat(1);
          Vat freshVat = new Vat(1);
          RpcConnection c = vat.connect(address, null).get(10, TimeUnit.SECONDS);
          Bench.Client bench = c.bootstrap(Bench.Client::new)) {
        for (int i = 0; i < 20; i++) { // the client side's classes and JIT, before any figure
          try (RpcConnection w = freshVat.connect(address, null).get(30, TimeUnit.SECONDS);
              Bench.Client b = w.bootstrap(Bench.Client::new);
              var r = b.ping(p -> {})) {
            r.get(30, TimeUnit.SECONDS);
          }
        }
        Probe baseline =
            probe(
                bench,
                freshVat,
                address,
                server.pid(),
                () -> {
                  sleep(3000);
                  return null;
                });
        idleRssKib = baseline.peakRssKib();
        report("no attack (baseline)", baseline, null);
        report(
            String.format(
                "%,d half-open connections (a 64 MiB frame announced, no byte of it)", halfOpen),
            probe(bench, freshVat, address, server.pid(), () -> halfOpenAttack(socket)),
            baseline);
        report(
            String.format(
                "%,d Bootstraps never finished (%,d connections)",
                bootstraps, Math.ceilDiv(bootstraps, BOOTSTRAPS_PER_CONNECTION)),
            probe(bench, freshVat, address, server.pid(), () -> bootstrapAttack(socket)),
            baseline);
        report(
            String.format(
                "rounds of %,d cap tables of %,d empty entries, for 5 s", floods, FLOOD_ENTRIES),
            probe(bench, freshVat, address, server.pid(), () -> floodAttack(socket)),
            baseline);
      }
      out.printf("server alive after the attacks: %s%n", server.isAlive());
      out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    } finally {
      server.getOutputStream().close();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private interface Attack {
    Map<String, Integer> run() throws Exception;
  }

  /** What a client saw while an attack ran, and the server's peak RSS. */
  private record Probe(
      long[] calls, long[] fresh, long peakRssKib, Map<String, Integer> reasons, double seconds) {}

  /**
   * Runs {@code attack} while the connected client calls the null method every 2 ms and a fresh
   * client (a new connection of one client vat) connects and calls every 100 ms; samples the
   * server's RSS every 50 ms.
   */
  private Probe probe(Bench.Client bench, Vat freshVat, String address, long pid, Attack attack)
      throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    List<Long> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> fresh = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong rss = new AtomicLong();
    long start = System.nanoTime();
    Map<String, Integer> reasons;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      pool.submit(
          () -> {
            while (!done.get()) {
              long s = System.nanoTime();
              try (var r = bench.ping(p -> {})) {
                r.get(30, TimeUnit.SECONDS);
              }
              calls.add(System.nanoTime() - s);
              sleep(2);
            }
            return null;
          });
      pool.submit(
          () -> {
            while (!done.get()) {
              long s = System.nanoTime();
              try (RpcConnection c = freshVat.connect(address, null).get(30, TimeUnit.SECONDS);
                  Bench.Client b = c.bootstrap(Bench.Client::new);
                  var r = b.ping(p -> {})) {
                r.get(30, TimeUnit.SECONDS);
              }
              fresh.add(System.nanoTime() - s);
              sleep(100);
            }
            return null;
          });
      pool.submit(
          () -> {
            while (!done.get()) {
              rss.accumulateAndGet(rssKib(pid), Math::max);
              sleep(50);
            }
            return null;
          });
      try {
        reasons = attack.run();
      } finally {
        done.set(true);
      }
    }
    return new Probe(
        calls.stream().mapToLong(Long::longValue).sorted().toArray(),
        fresh.stream().mapToLong(Long::longValue).sorted().toArray(),
        rss.get(),
        reasons,
        (System.nanoTime() - start) / 1e9);
  }

  private void report(String what, Probe p, Probe baseline) {
    out.printf("%s (%.1f s)%n", what, p.seconds());
    out.printf(
        "  null call, connected client: p50 %s ms, p99 %s ms, max %s ms (%,d calls)%s%n",
        ms(p.calls(), 50),
        ms(p.calls(), 99),
        ms(p.calls(), 100),
        p.calls().length,
        baseline == null
            ? ""
            : String.format(
                "; baseline p50 %s, p99 %s ms",
                ms(baseline.calls(), 50), ms(baseline.calls(), 99)));
    out.printf(
        "  fresh client, connect + bootstrap + null call: p50 %s ms, p99 %s ms, max %s ms (%,d"
            + " clients)%s%n",
        ms(p.fresh(), 50),
        ms(p.fresh(), 99),
        ms(p.fresh(), 100),
        p.fresh().length,
        baseline == null
            ? ""
            : String.format(
                "; baseline p50 %s, p99 %s ms; target p99 <= 100 ms: %s",
                ms(baseline.fresh(), 50),
                ms(baseline.fresh(), 99),
                pct(p.fresh(), 99) <= 100_000_000 ? "met" : "NOT MET"));
    long budgetKib = (mib(heap) + mib(DIRECT)) * 1024 + idleRssKib;
    out.printf(
        "  server peak RSS: %,d KiB; budget %,d KiB (heap %s + direct memory %s + the unattacked"
            + " JVM's %,d KiB): %s%n",
        p.peakRssKib(),
        budgetKib,
        heap,
        DIRECT,
        idleRssKib,
        p.peakRssKib() <= budgetKib ? "under" : "OVER");
    if (p.reasons() != null) {
      p.reasons().forEach((r, n) -> out.printf("  %,6d connections: %s%n", n, r));
    }
  }

  private static long mib(String size) {
    long n = Long.parseLong(size.substring(0, size.length() - 1));
    return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
      case 'g' -> n * 1024;
      case 'm' -> n;
      default -> throw new IllegalArgumentException("a size in m or g: " + size);
    };
  }

  private static long pct(long[] sorted, int pct) {
    if (sorted.length == 0) {
      return Long.MAX_VALUE;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * pct / 100.0) - 1)];
  }

  private static String ms(long[] sorted, int pct) {
    return sorted.length == 0 ? "-" : String.format("%.2f", pct(sorted, Math.max(pct, 1)) / 1e6);
  }

  // ---- the attacks ----

  private Map<String, Integer> halfOpenAttack(Path socket) throws Exception {
    List<SocketChannel> peers = new ArrayList<>();
    byte[] header =
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0)
            .putInt(ANNOUNCED_WORDS)
            .array();
    try {
      for (int i = 0; i < halfOpen; i++) {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        write(ch, header);
        peers.add(ch);
      }
      return reasons(peers, 30);
    } finally {
      for (SocketChannel ch : peers) {
        ch.close();
      }
    }
  }

  private Map<String, Integer> bootstrapAttack(Path socket) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int q = 0; q < BOOTSTRAPS_PER_CONNECTION; q++) {
      all.writeBytes(bootstrap(q));
    }
    byte[] batch = all.toByteArray();
    long connections = Math.ceilDiv(bootstraps, BOOTSTRAPS_PER_CONNECTION);
    Map<String, Integer> reasons = new TreeMap<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      List<Future<String>> each = new ArrayList<>();
      for (long i = 0; i < connections; i++) {
        each.add(
            pool.submit(
                () -> {
                  try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    // the Returns are read while the Bootstraps are written: a peer that
                    // does not read its replies is held back by the server (autoRead off)
                    Future<String> reason =
                        Executors.newVirtualThreadPerTaskExecutor().submit(() -> abortReason(ch));
                    try {
                      write(ch, batch);
                    } catch (IOException abortedWhileWriting) {
                      // the server closed it: its Abort is still to be read
                    }
                    return reason.get(60, TimeUnit.SECONDS);
                  }
                }));
      }
      for (Future<String> f : each) {
        reasons.merge(normalise(f.get(120, TimeUnit.SECONDS)), 1, Integer::sum);
      }
    }
    return reasons;
  }

  /** Rounds of {@code floods} cap-table floods, for at least 5 s so that the probes see it. */
  private Map<String, Integer> floodAttack(Path socket) throws Exception {
    byte[] flood = capTableFlood(1, FLOOD_ENTRIES);
    Map<String, Integer> all = new TreeMap<>();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    do {
      List<SocketChannel> peers = new ArrayList<>();
      try {
        for (int i = 0; i < floods; i++) {
          SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
          write(ch, bootstrap(0));
          write(ch, flood);
          peers.add(ch);
        }
        reasons(peers, 30).forEach((r, n) -> all.merge(r, n, Integer::sum));
      } finally {
        for (SocketChannel ch : peers) {
          ch.close();
        }
      }
    } while (System.nanoTime() < until);
    return all;
  }

  /** The abort reason each peer receives (bounded in time), counted by reason. */
  private static Map<String, Integer> reasons(List<SocketChannel> peers, long seconds)
      throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> each = new ArrayList<>();
      for (SocketChannel ch : peers) {
        each.add(pool.submit(() -> abortReason(ch)));
      }
      for (Future<String> f : each) {
        String r;
        try {
          r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          r = "(no abort within " + seconds + " s)";
          f.cancel(true);
        }
        out.merge(normalise(r), 1, Integer::sum);
      }
      for (SocketChannel ch : peers) {
        ch.close(); // ends the reads still waiting
      }
    }
    return out;
  }

  /** A reason with its per-connection numbers (ids, milliseconds, byte counts) as {@code N}. */
  private static String normalise(String reason) {
    return reason == null
        ? "(closed without an Abort)"
        : reason.replaceAll("\\d+ ms after", "N ms after");
  }

  /** The reason of the first Abort on {@code ch}, skipping other messages; null if none came. */
  private static String abortReason(SocketChannel ch) throws IOException {
    try {
      while (true) {
        MessageReader m = Serialize.read(ch, new ReaderOptions(64L * 1024 * 1024, 64));
        Rpc.Message.Reader r = m.getRoot(Rpc.Message.factory);
        if (r.which() == Rpc.Message.Which.ABORT) {
          return r.getAbort().getReason().toString();
        }
      }
    } catch (IOException | RuntimeException ended) {
      return null;
    }
  }

  private static void write(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static byte[] serialize(MessageBuilder m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      Serialize.write(Channels.newChannel(bytes), m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] bootstrap(int questionId) {
    MessageBuilder m = new MessageBuilder();
    m.initRoot(Rpc.Message.factory).initBootstrap().setQuestionId(questionId);
    return serialize(m);
  }

  /**
   * A Call whose cap table claims {@code entries} zero-sized structs: about 100 bytes, within the
   * reader's limits, since such a list costs no words (the list's tag word is rewritten).
   */
  private static byte[] capTableFlood(int questionId, int entries) {
    MessageBuilder m = new MessageBuilder();
    Rpc.Call.Builder c = m.initRoot(Rpc.Message.factory).initCall();
    c.setQuestionId(questionId);
    c.initTarget().setImportedCap(0);
    c.initParams().initCapTable(1).get(0).setNone();
    byte[] bytes = serialize(m);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long tag = 1L << 2 | 1L << 32 | 1L << 48; // one element of 1 data word and 1 pointer
    for (int at = 8; at + 8 <= bytes.length; at += 8) {
      long w = b.getLong(at);
      if ((w & 3) == 1 && ((w >>> 32) & 7) == 7 && (w >>> 35) == 2) {
        b.putLong(at, w & 0xffff_ffffL | 7L << 32); // an inline composite list of 0 words
      } else if (w == tag) {
        b.putLong(at, (long) entries << 2); // `entries` elements of 0 words, 0 pointers
        return bytes;
      }
    }
    throw new IllegalStateException(
        "the cap table's tag word was not found in " + Arrays.toString(bytes));
  }

  private static long rssKib(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      // the process ended
    }
    return 0;
  }

  private static Void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
