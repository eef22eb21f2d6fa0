package corral.runtime.cap;

import corral.runtime.cap.authority.CapabilityAuthority;
import corral.runtime.rpc.Client;
import corral.runtime.rpc.Pipeline;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.Vat;
import corral.runtime.rpc.test.RpcTest.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A harness (a program, not a test) for what the gate and restore cost over real RPC, each next to
 * its baseline from the same run, in alternating rounds (gated, ungated, gated, ...) so drift hits
 * both alike. Median and spread (min..max) of the per-round figures.
 *
 * <ol>
 *   <li>Per call, one at a time: {@code add} through a restored (gated) reference against the same
 *       call on the same server reached ungated (a second listener whose bootstrap is the server),
 *       over unix sockets.
 *   <li>Per call, 1000 outstanding: the same, pipelined, so the per-call CPU cost shows rather than
 *       the round trip.
 *   <li>In process (no socket): a call through a guarded local reference against a plain local one.
 *   <li>Restore over RPC (a round trip carrying a text cap) against an {@code add} round trip.
 * </ol>
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl idl,idl/maven-plugin,runtime,cli
 * java -cp cli/target/corral.jar:runtime/cap/target/test-classes corral.runtime.cap.LiveReferenceBenchmark
 * </pre>
 */
public final class LiveReferenceBenchmark {
  private static final int ROUNDS = 15;

  private LiveReferenceBenchmark() {}

  @FunctionalInterface
  interface Batch {
    /** Runs {@code n} operations; returns something to keep the work alive. */
    long run(int n) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("corral-cap-bench");
    try (CapabilityAuthority authority =
        CapabilityAuthority.open(dir.resolve("state"), InstantSource.system())) {
      GateSet gates = new GateSet();
      authority.addRevocationListener(gates);
      long instance = authority.createInstance();
      Capability cap = authority.mint(instance, List.of(Grant.of(TestService.TYPE_ID, 0, 1, 2, 6)));
      Capability narrowed = cap.allowOnly(TestService.TYPE_ID, MethodSet.of(0, 1));
      LiveReferenceTest.Service service = new LiveReferenceTest.Service();
      Client server = TestService.Client.of(service);
      GatingRestorer gating =
          new GatingRestorer(
              authority,
              id -> id == instance ? Optional.of(server) : Optional.empty(),
              gates,
              InterfaceCatalog.ofGenerated(TestService.class),
              authority.audit(),
              (at, task) -> () -> {}); // the benchmark's caps do not expire
      try (Vat serverVat = new Vat(1);
          Vat clientVat = new Vat(1);
          Vat.Listener gatedListener =
              serverVat.listen(
                  "unix:" + dir.resolve("gated.sock"), () -> CapSchema.Restorer.Client.of(gating));
          Vat.Listener plainListener =
              serverVat.listen("unix:" + dir.resolve("plain.sock"), server::duplicate);
          RpcConnection gatedConn =
              clientVat.connect(gatedListener.address(), null).get(10, TimeUnit.SECONDS);
          RpcConnection plainConn =
              clientVat.connect(plainListener.address(), null).get(10, TimeUnit.SECONDS);
          CapSchema.Restorer.Client restorer =
              new CapSchema.Restorer.Client(gatedConn.bootstrap());
          TestService.Client plain = new TestService.Client(plainConn.bootstrap());
          TestService.Client gated = restore(restorer, narrowed.toText());
          Client localGated = gating.restore(narrowed.toText()).orElseThrow();
          TestService.Client localGatedService = new TestService.Client(localGated);
          TestService.Client localPlain = TestService.Client.of(service)) {
        System.out.println("Live reference costs (" + ROUNDS + " rounds, alternating)");
        pair(
            "add, one at a time, unix socket",
            n -> sequential(gated, n),
            n -> sequential(plain, n),
            2_000);
        pair(
            "add, 1000 outstanding, unix socket",
            n -> outstanding(gated, n),
            n -> outstanding(plain, n),
            20_000);
        pair(
            "add, one at a time, in process",
            n -> sequential(localGatedService, n),
            n -> sequential(localPlain, n),
            20_000);
        String text = narrowed.toText();
        pair(
            "restore(text) round trip vs add round trip",
            n -> {
              long s = 0;
              for (int i = 0; i < n; i++) {
                try (TestService.Client c = restore(restorer, text)) {
                  s += c.hashCode();
                }
              }
              return s;
            },
            n -> sequential(plain, n),
            2_000);
        pair(
            "GatingRestorer.restore(text) in process vs authority.restore(text)",
            n -> {
              long s = 0;
              for (int i = 0; i < n; i++) {
                try (Client c = gating.restore(text).orElseThrow()) {
                  s += c.hashCode();
                }
              }
              return s;
            },
            n -> {
              long s = 0;
              for (int i = 0; i < n; i++) {
                s += authority.restore(text).hashCode();
              }
              return s;
            },
            20_000);
      }
      server.close();
    }
  }

  static TestService.Client restore(CapSchema.Restorer.Client restorer, String text) {
    try (var r = restorer.restore(p -> p.setCap(text))) {
      return new TestService.Client(r.join().getRef());
    }
  }

  static long sequential(TestService.Client svc, int n) {
    long s = 0;
    for (int i = 0; i < n; i++) {
      int a = i;
      try (var r =
          svc.add(
              p -> {
                p.setA(a);
                p.setB(1);
              })) {
        s += r.join().getSum();
      }
    }
    return s;
  }

  static long outstanding(TestService.Client svc, int n) {
    long s = 0;
    List<Pipeline<TestService.AddResults.Reader>> window = new ArrayList<>(1000);
    for (int i = 0; i < n; i++) {
      int a = i;
      window.add(
          svc.add(
              p -> {
                p.setA(a);
                p.setB(1);
              }));
      if (window.size() == 1000 || i == n - 1) {
        for (var p : window) {
          try (var r = p) {
            s += r.join().getSum();
          }
        }
        window.clear();
      }
    }
    return s;
  }

  /** Measures {@code subject} and {@code baseline} in alternating rounds and prints both. */
  static void pair(String name, Batch subject, Batch baseline, int perRound) throws Exception {
    long sink = 0;
    for (int w = 0; w < 3; w++) {
      sink += subject.run(perRound);
      sink += baseline.run(perRound);
    }
    double[] s = new double[ROUNDS];
    double[] b = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
      sink += subject.run(perRound);
      long t1 = System.nanoTime();
      sink += baseline.run(perRound);
      long t2 = System.nanoTime();
      s[r] = (t1 - t0) / (double) perRound;
      b[r] = (t2 - t1) / (double) perRound;
    }
    Arrays.sort(s);
    Arrays.sort(b);
    System.out.printf(
        "%-66s %10.1f ns  (%.1f .. %.1f)   baseline %10.1f ns  (%.1f .. %.1f)   diff %+.1f ns%n",
        name,
        s[ROUNDS / 2],
        s[0],
        s[ROUNDS - 1],
        b[ROUNDS / 2],
        b[0],
        b[ROUNDS - 1],
        s[ROUNDS / 2] - b[ROUNDS / 2]);
    if (sink == 42) {
      System.out.println();
    }
  }
}
