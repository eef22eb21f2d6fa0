package corral.runtime.cap;

import corral.runtime.cap.authority.CapabilityAuthority;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;

/**
 * A harness (a program, not a test) for the capability's costs, each printed next to its baseline
 * measured in the same run: median and spread (min..max) of per-operation times over rounds, after
 * warm-up.
 *
 * <ol>
 *   <li>MAC choice: one chain link — a MAC under a fresh 32-byte key of a 60-byte caveat — with
 *       HMAC-SHA256 (JDK), keyed BLAKE2b-256 and keyed BLAKE3 (Bouncy Castle).
 *   <li>Restore: {@link CapabilityAuthority#restore(Capability)} of a parsed cap with 0 and 2
 *       caveats (CPU time per op too), and of the text form; parsing it only, against the former
 *       parser that proved canonicity by encoding again ({@link ReencodingParser}).
 *   <li>Gate: a call through {@link Gate#permits} then a trivial method, against the trivial method
 *       alone.
 * </ol>
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl idl,idl/maven-plugin,runtime,cli
 * java -cp cli/target/corral.jar:runtime/cap/target/test-classes corral.runtime.cap.CapabilityBenchmark
 * </pre>
 */
public final class CapabilityBenchmark {
  private static final int ROUNDS = 15;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static long sink;

  private CapabilityBenchmark() {}

  /** One measured operation; returns something to keep the JIT from dropping the work. */
  @FunctionalInterface
  interface Op {
    long run(int i);
  }

  record Figure(
      double median, double min, double max, double cpuMedian, double cpuMin, double cpuMax) {
    @Override
    public String toString() {
      return String.format(
          "median %8.1f ns  spread %8.1f .. %8.1f ns  (cpu %8.1f ns, %8.1f .. %8.1f)",
          median, min, max, cpuMedian, cpuMin, cpuMax);
    }
  }

  static Figure measure(Op op, int perRound) {
    for (int w = 0; w < 5; w++) {
      for (int i = 0; i < perRound; i++) {
        sink += op.run(i);
      }
    }
    double[] wall = new double[ROUNDS];
    double[] cpu = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < perRound; i++) {
        sink += op.run(i);
      }
      wall[r] = (System.nanoTime() - t0) / (double) perRound;
      cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / (double) perRound;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new Figure(
        wall[ROUNDS / 2], wall[0], wall[ROUNDS - 1], cpu[ROUNDS / 2], cpu[0], cpu[ROUNDS - 1]);
  }

  static void print(String name, Figure f) {
    System.out.printf("%-46s %s%n", name, f);
  }

  public static void main(String[] args) throws Exception {
    macChoice();
    restoreAndGate();
    System.out.println("(sink " + (sink & 1) + ")");
  }

  static void macChoice() throws Exception {
    System.out.println("== MAC choice: one chain link (32-byte key, 60-byte message)");
    byte[] key = new byte[32];
    byte[] msg = new byte[60];
    Mac hmac = Mac.getInstance("HmacSHA256");
    Figure h =
        measure(
            i -> {
              key[0] = (byte) i;
              return ChainMac.mac(key, msg)[0];
            },
            200_000);
    Figure hRaw =
        measure(
            i -> {
              key[0] = (byte) i;
              try {
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return hmac.doFinal(msg)[0];
            },
            200_000);
    byte[] out = new byte[32];
    Figure b2 =
        measure(
            i -> {
              key[0] = (byte) i;
              Blake2bDigest d = new Blake2bDigest(key, 32, null, null);
              d.update(msg, 0, msg.length);
              d.doFinal(out, 0);
              return out[0];
            },
            200_000);
    Figure b3 =
        measure(
            i -> {
              key[0] = (byte) i;
              Blake3Digest d = new Blake3Digest(256);
              d.init(Blake3Parameters.key(key));
              d.update(msg, 0, msg.length);
              d.doFinal(out, 0);
              return out[0];
            },
            200_000);
    Figure id = measure(i -> CapId.ofChain(msg).low(), 200_000);
    print("HMAC-SHA256 (ChainMac: JDK SHA-256, chosen)", h);
    print("HMAC-SHA256, JDK Mac, init per link", hRaw);
    print("BLAKE2b-256 keyed, Bouncy Castle", b2);
    print("BLAKE3 keyed, Bouncy Castle", b3);
    print("cap id (SHA-256 of a chain link), per prefix", id);
  }

  static void restoreAndGate() throws Exception {
    Path dir = Files.createTempDirectory("corral-bench");
    long iface = 0x9f2c7a4e1b3d5c60L;
    try (CapabilityAuthority authority =
        CapabilityAuthority.open(dir.resolve("state"), InstantSource.system())) {
      long instance = authority.createInstance();
      Capability root = authority.mint(instance, List.of(Grant.of(iface, 0, 1, 2, 3, 4, 5)));
      Capability two =
          root.allowOnly(iface, MethodSet.of(0, 1, 2))
              .expiringAt(java.time.Instant.now().plusSeconds(3600));
      // A few revocations on the instance, so lookups hit a non-empty set.
      for (int i = 0; i < 8; i++) {
        authority.revoke(
            root.allowOnly(iface, MethodSet.of(i % 6))
                .expiringAt(java.time.Instant.now().plusSeconds(60 + i)));
      }
      String text = two.toText();
      System.out.println("== restore (authority.restore, caps valid)");
      print(
          "restore(Capability), root, 0 caveats",
          measure(i -> ok(authority.restore(root)), 50_000));
      Figure parsed = measure(i -> ok(authority.restore(two)), 50_000);
      print("restore(Capability), 2 caveats", parsed);
      // The same call without the check: what a restore returns, from the parsed cap, unchecked.
      CapId twoId = two.id();
      Figure parsedBare =
          measure(
              i ->
                  new Restoration.Restored(instance, twoId, List.of(twoId), two.rights())
                      .rights()
                      .grants()
                      .size(),
              50_000);
      print("  baseline: its rights, no MAC chain or checks", parsedBare);
      Figure fromText = measure(i -> ok(authority.restore(text)), 50_000);
      print("restore(text), 2 caveats", fromText);
      Figure parseOnly =
          measure(i -> Capability.parse(text) instanceof CapabilityText.Parsed ? 1 : 0, 50_000);
      print("  baseline: parse(text) only, no check", parseOnly);
      System.out.printf(
          "check's cost (cpu medians): parsed %.0f ns over its baseline, text %.0f ns over"
              + " parsing%n",
          parsed.cpuMedian() - parsedBare.cpuMedian(),
          fromText.cpuMedian() - parseOnly.cpuMedian());
      print(
          "  baseline: parse(text) by re-encoding (former)",
          measure(
              i -> ReencodingParser.parse(text) instanceof CapabilityText.Parsed ? 1 : 0, 50_000));
      System.out.println("== gate (per call, before dispatch)");
      Gate gate =
          new Gate(
              (Restoration.Restored) authority.restore(two),
              InterfaceCatalog.of(List.of()),
              authority.audit());
      long[] state = new long[1];
      Op gated = i -> gate.permits(iface, i & 3) ? target(state, i) : -1;
      Op bare = i -> target(state, i);
      Figure g = measure(gated, 10_000_000);
      Figure b = measure(bare, 10_000_000);
      print("call through gate.permits + trivial method", g);
      print("  baseline: trivial method, no gate", b);
      System.out.printf(
          "gate cost per call: %.1f ns (median difference; cpu %.1f ns)%n",
          g.median() - b.median(), g.cpuMedian() - b.cpuMedian());
    }
  }

  static long ok(Restoration r) {
    if (!(r instanceof Restoration.Restored)) {
      throw new IllegalStateException("benchmark cap was refused");
    }
    return 1;
  }

  static long target(long[] state, int i) {
    return state[0] += i;
  }
}
