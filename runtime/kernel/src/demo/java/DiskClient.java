import corral.classes.BlockClass.Block;
import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The tour's client: reaches a block instance through the kernel's one-hop path and calls it.
 *
 * <p>usage: DiskClient KERNEL CAP write BLOCK TEXT | read BLOCK | keep-reading SECONDS
 */
public final class DiskClient {
  public static void main(String[] args) throws Exception {
    try (Vat vat = new Vat(1);
        KernelClient kernel = KernelClient.connect(vat, args[0])) {
      String cap = args[1];
      switch (args[2]) {
        case "write" -> {
          try (Block.Client disk = new Block.Client(kernel.restore(cap))) {
            byte[] block = new byte[512];
            byte[] text = args[4].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, block, 0, text.length);
            Calls.run(disk.write(p -> { p.setBlock(Long.parseLong(args[3])); p.setData(block); }));
            System.out.println("write(block = " + args[3] + "): ok");
          } catch (RpcException e) {
            System.out.println("write(block = " + args[3] + "): refused: " + e.reason());
          }
        }
        case "read" -> {
          try (Block.Client disk = new Block.Client(kernel.restore(cap))) {
            System.out.println("read(block = " + args[3] + "): \"" + read(disk, Long.parseLong(args[3])) + "\"");
          }
        }
        case "keep-reading" -> keepReading(kernel, cap, Duration.ofSeconds(Long.parseLong(args[3])));
        default -> throw new IllegalArgumentException("unknown action " + args[2]);
      }
    }
    System.exit(0);
  }

  private static String read(Block.Client disk, long block) {
    try (var r = Calls.await(disk.read(p -> { p.setBlock(block); p.setCount(1); }), 30)) {
      return new String(r.join().getData().toArray(), StandardCharsets.UTF_8).replace("\0", "");
    }
  }

  /**
   * Reads block 0 in a loop through a restoring reference: reads are idempotent, so a read lost
   * with the host is sent again to the restarted instance and no call fails; the longest call
   * shows the restart.
   */
  private static void keepReading(KernelClient kernel, String cap, Duration howLong) throws Exception {
    Instant end = Instant.now().plus(howLong);
    long calls = 0;
    long failed = 0;
    Duration longest = Duration.ZERO;
    try (Block.Client disk = new Block.Client(kernel.restoring(cap, Block.IDEMPOTENCE))) {
      while (Instant.now().isBefore(end)) {
        Instant t0 = Instant.now();
        try {
          read(disk, 0);
          calls++;
        } catch (RpcException e) {
          failed++;
          System.out.println("   client: call failed: " + e.kind() + ": " + e.reason());
        }
        Duration took = Duration.between(t0, Instant.now());
        if (took.compareTo(longest) > 0) {
          longest = took;
        }
        Thread.sleep(20);
      }
    }
    System.out.println("   client: " + calls + " calls answered, " + failed
        + " failed; the longest (the restart, sent again by the restoring reference) took "
        + longest.toMillis() + " ms");
  }
}
