package corral.drivers.faulty;

import corral.classes.BlockClass.Block;
import corral.classes.BlockGeometry;
import corral.classes.KernelClient;
import corral.runtime.component.Driver;
import corral.runtime.component.DriverContext;
import corral.runtime.component.DriverProvider;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A block device that misbehaves on purpose, to show that a driver harms only its own host: on
 * {@code read} it calls {@code System.exit}, runs out of memory, stops its whole host (SIGSTOP: no
 * more heartbeats), spins forever, deadlocks, tries to widen its view of memory with a restricted
 * method ({@code MemorySegment.reinterpret}) or floods the kernel with calls, as {@code fault}
 * says; with {@code exitAfter} it exits that long after every start (a host that keeps dying, for
 * the restart budget). Not shipped with the command: the tests load it.
 */
public final class FaultyBlock extends Block.Server {
  /** The descriptor. */
  public static final class Provider implements DriverProvider {
    @Override
    public Driver driver() {
      return Driver.named("faulty", FaultyBlock::new)
          .summary("misbehaves on read, as 'fault' says (a test driver)")
          .offers(Block.class)
          .text(
              "fault",
              "none",
              "what read does: none, exit, oom, freeze, spin, deadlock, widen, flood")
          .text("kernel", "", "flood: the kernel's socket (unix:PATH) to flood with calls")
          .integer("exitAfter", 0, "exit this many ms after starting (0: never)", 0, 3_600_000)
          .build();
    }
  }

  private final String fault;
  private final DriverContext ctx;
  private final BlockGeometry geometry = new BlockGeometry(512, 8, false);

  public FaultyBlock(DriverContext ctx) {
    super(true);
    this.ctx = ctx;
    fault = ctx.config().text("fault");
    long exitAfter = ctx.config().integer("exitAfter");
    if (exitAfter > 0) {
      ctx.executor()
          .execute(
              () -> {
                try {
                  Thread.sleep(exitAfter); // the fault's own timing, not a test's wait
                } catch (InterruptedException e) {
                  return; // stopped first
                }
                ctx.log().warn("exiting the host on purpose ({} ms after start)", exitAfter);
                System.exit(7);
              });
    }
  }

  @Override
  protected void info(Block.InfoParams.Reader p, Block.InfoResults.Builder r) {
    geometry.writeTo(r.initInfo());
  }

  @Override
  @SuppressWarnings("restricted") // "widen" calls one on purpose: the host must refuse it
  protected void read(Block.ReadParams.Reader p, Block.ReadResults.Builder r) throws Exception {
    switch (fault) {
      case "exit" -> System.exit(3);
      case "freeze" -> { // the whole host stops: it answers no heartbeat
        new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
            .start()
            .waitFor();
        new CountDownLatch(1).await(); // and this call never answers, even if resumed
      }
      case "oom" -> {
        long[] hog = new long[Integer.MAX_VALUE - 8]; // 16 GiB: more than any host's heap
        r.setData(new byte[hog.length % 512]);
      }
      case "spin" -> {
        while (fault.equals("spin")) {
          Thread.onSpinWait();
        }
      }
      case "deadlock" -> deadlock();
      case "flood" -> flood(ctx.config().text("kernel"));
      case "widen" -> { // a restricted method: the host grants native access to no driver
        MemorySegment everything = MemorySegment.ofAddress(0).reinterpret(Long.MAX_VALUE);
        r.setData(new byte[(int) everything.byteSize() & 0x1ff]);
      }
      default -> r.setData(new byte[512 * p.getCount()]);
    }
  }

  /**
   * Floods the kernel at {@code address} until the instance stops: 16 connections, each calling
   * {@code Kernel.restore} with a forged cap as fast as the kernel refuses it, and a new connection
   * opened and dropped after every 100 calls. Returns once the flood runs.
   */
  private void flood(String address) {
    Vat vat = new Vat(1);
    ctx.onStop(vat::close);
    for (int t = 0; t < 16; t++) {
      ctx.executor()
          .execute(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  try (KernelClient kernel = KernelClient.connect(vat, address)) {
                    for (int i = 0; i < 100; i++) {
                      kernel.restore("corral1:AAAA").close();
                    }
                  } catch (RpcException e) {
                    // refused, as every call of the flood is: go on
                  }
                }
              });
    }
    ctx.log().warn("flooding the kernel at {} on purpose", address);
  }

  /** Two threads each holding the lock the other waits for; the caller waits for them. */
  private static void deadlock() throws InterruptedException {
    Object a = new Object();
    Object b = new Object();
    CountDownLatch both = new CountDownLatch(2);
    Thread t1 = Thread.ofPlatform().daemon().start(() -> lockBoth(a, b, both));
    Thread t2 = Thread.ofPlatform().daemon().start(() -> lockBoth(b, a, both));
    t1.join();
    t2.join();
    throw RpcException.failed("unreachable: the deadlock ended");
  }

  private static void lockBoth(Object first, Object second, CountDownLatch both) {
    synchronized (first) {
      both.countDown();
      try {
        both.await(1, TimeUnit.HOURS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (second) {
        both.countDown();
      }
    }
  }

  @Override
  protected void write(Block.WriteParams.Reader p, Block.WriteResults.Builder r) {
    geometry.write(p.getBlock(), p.getData().size());
  }

  @Override
  protected void flush(Block.FlushParams.Reader p, Block.FlushResults.Builder r) {}
}
