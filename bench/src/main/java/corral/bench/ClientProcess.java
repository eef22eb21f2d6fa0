package corral.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A benchmark client, as its own JVM process driven by {@link RpcBench} over standard input and
 * output. The C++ client ({@code src/main/cpp/bench_client.c++}) speaks the same lines.
 *
 * <pre>
 *   ClientProcess raw    unix:/path.sock    RawSocketCaller to a RawSocketServer
 *   ClientProcess corral unix:/path.sock    CorralCaller to any Bench server
 *   ClientProcess corral-local              CorralCaller to a BenchService in this process
 *
 *   in:  ping MILLIS MAXCALLS            out: ping calls=N p50=NS p90=NS p99=NS
 *   in:  echo INFLIGHT MILLIS MAXCALLS   out: echo calls=N bytes=B nanos=T
 *   in:  quit (or end of input)          exits
 * </pre>
 *
 * Prints {@code ready} once connected. A failed command prints {@code error TEXT} and the process
 * carries on. Every command is bounded by its time and its call count.
 */
public final class ClientProcess {
  private ClientProcess() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    try (Caller caller = open(args)) {
      out.println("ready");
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
        String reply;
        try {
          reply = run(caller, line.trim().split(" +"));
        } catch (Exception e) {
          reply = "error " + e.toString().replace('\n', ' ');
        }
        out.println(reply);
        out.flush();
      }
    }
    System.exit(0);
  }

  private static Caller open(String[] args) throws Exception {
    return switch (args.length > 0 ? args[0] : "") {
      case "raw" -> new RawSocketCaller(Path.of(unixPath(args)));
      case "corral" -> CorralCaller.connect("unix:" + unixPath(args));
      case "corral-local" -> CorralCaller.local();
      default ->
          throw new IllegalArgumentException(
              "usage: ClientProcess raw|corral unix:/path.sock | corral-local; got "
                  + Arrays.toString(args));
    };
  }

  private static String unixPath(String[] args) {
    if (args.length != 2 || !args[1].startsWith("unix:")) {
      throw new IllegalArgumentException("expected unix:/path.sock, got " + Arrays.toString(args));
    }
    return args[1].substring("unix:".length());
  }

  static String run(Caller caller, String[] w) throws Exception {
    return switch (w[0]) {
      case "ping" -> ping(caller, Long.parseLong(w[1]), Integer.parseInt(w[2]));
      case "echo" ->
          echo(caller, Integer.parseInt(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]));
      default -> throw new IllegalArgumentException("unknown command " + String.join(" ", w));
    };
  }

  /** Null calls one after another for {@code millis} or {@code maxCalls}; per-call latencies. */
  static String ping(Caller caller, long millis, int maxCalls) throws Exception {
    long[] samples = new long[Math.min(maxCalls, 1 << 16)];
    long deadline = System.nanoTime() + millis * 1_000_000;
    int n = 0;
    while (n < maxCalls) {
      long t0 = System.nanoTime();
      if (t0 >= deadline) {
        break;
      }
      caller.ping();
      long t = System.nanoTime() - t0;
      if (n == samples.length) {
        samples = Arrays.copyOf(samples, (int) Math.min(maxCalls, 2L * n));
      }
      samples[n++] = t;
    }
    Arrays.sort(samples, 0, n);
    return "ping calls=%d p50=%d p90=%d p99=%d"
        .formatted(n, rank(samples, n, 50), rank(samples, n, 90), rank(samples, n, 99));
  }

  /** Nearest-rank percentile of the first {@code n} (sorted) samples; 0 when there are none. */
  static long rank(long[] sorted, int n, int percent) {
    if (n == 0) {
      return 0;
    }
    int i = (int) Math.ceil(percent / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, i))];
  }

  static String echo(Caller caller, int inFlight, long millis, long maxCalls) throws Exception {
    long t0 = System.nanoTime();
    long calls = caller.echo(inFlight, t0 + millis * 1_000_000, maxCalls);
    long nanos = System.nanoTime() - t0;
    return "echo calls=%d bytes=%d nanos=%d".formatted(calls, calls * Caller.ECHO_BYTES, nanos);
  }
}
