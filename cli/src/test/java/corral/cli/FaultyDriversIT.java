package corral.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.classes.BlockClass.Block;
import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Deliberately faulty drivers (drivers/faulty) harm only their own host: the kernel, a bystander
 * instance in another host, and the kernel's verbs keep working; a host that keeps dying ends
 * {@code failed}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultyDriversIT {
  static final Path TEST_DRIVERS = Path.of("target", "test-drivers").toAbsolutePath();

  RunningKernel kernel;
  Vat vat;
  KernelClient client;
  Block.Client bystander;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("corral-faulty-it");
    kernel =
        new RunningKernel(
            dir.resolve("state"), "--drivers", TEST_DRIVERS.toString(), "--no-aot-cache");
    vat = new Vat(1);
    client = KernelClient.connect(vat, kernel.address());
    bystander =
        new Block.Client(client.restore(plug("ramdisk", "/dev/bystander", "--set", "size=64K")));
    KernelIT.write(bystander, 1, KernelIT.block("still here"));
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (bystander != null) {
        bystander.close();
      }
      if (client != null) {
        client.close();
      }
      if (vat != null) {
        vat.close();
      }
    } finally {
      if (kernel != null) {
        kernel.close();
        assertEquals(List.of(), kernel.hosts(), "no host may outlive the kernel");
      }
    }
  }

  CorralProcess.Result corral(String... args) throws Exception {
    return kernel.corral(args);
  }

  String plug(String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "plug";
    System.arraycopy(args, 0, all, 1, args.length);
    CorralProcess.Result r = corral(all);
    assertEquals(0, r.status(), r.err());
    return r.out().strip();
  }

  void bystanderIsUnharmed() throws Exception {
    assertArrayEquals(KernelIT.block("still here"), KernelIT.read(bystander, 1, 1));
    assertEquals(0, corral("ls").status());
  }

  String hostLine(String group) throws Exception {
    return corral("hosts")
        .out()
        .lines()
        .filter(l -> l.startsWith(group + " "))
        .findFirst()
        .orElse("");
  }

  /** Restores {@code cap} until its instance serves again (each restore waits out a restart). */
  Block.Client restoreAfterRestart(String cap) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (true) {
      Block.Client c = null;
      try {
        c = new Block.Client(client.restore(cap));
        KernelIT.blockCount(c);
        return c;
      } catch (RpcException e) {
        if (c != null) {
          c.close();
        }
        assertEquals(RpcException.Kind.DISCONNECTED, e.kind(), e.getMessage());
        assertTrue(Instant.now().isBefore(deadline), "not back in time: " + e);
      }
    }
  }

  @Test
  void aDriverThatExitsRunsOutOfMemoryOrFreezesItsHostTakesDownOnlyThatHostWhichComesBack()
      throws Exception {
    for (String fault : List.of("exit", "oom", "freeze")) {
      String cap = plug("faulty", "/dev/" + fault, "--group", fault, "--set", "fault=" + fault);
      try (Block.Client faulty = new Block.Client(client.restore(cap))) {
        RpcException e = assertThrows(RpcException.class, () -> KernelIT.read(faulty, 0, 1));
        assertEquals(RpcException.Kind.DISCONNECTED, e.kind(), fault + ": " + e.getMessage());
      }
      bystanderIsUnharmed();
      try (Block.Client back = restoreAfterRestart(cap)) {
        assertEquals(8, KernelIT.blockCount(back));
      }
      assertTrue(
          hostLine(fault)
              .matches(fault + "\\s+" + fault + "\\s+\\d+\\s+running\\s+1\\s+/dev/" + fault),
          hostLine(fault));
      if (fault.equals("oom")) {
        assertTrue(
            Files.readString(kernel.state.resolve("hosts/oom.log"))
                .contains("Terminating due to java.lang.OutOfMemoryError: Java heap space"));
      }
      assertEquals(0, corral("unplug", "/dev/" + fault).status());
    }
  }

  @Test
  void aDriverIsRefusedNativeAccessWhileTheRuntimeOfItsHostHasIt() throws Exception {
    String cap = plug("faulty", "/dev/widen", "--group", "widen", "--set", "fault=widen");
    try (Block.Client faulty = new Block.Client(client.restore(cap))) {
      RpcException e = assertThrows(RpcException.class, () -> KernelIT.read(faulty, 0, 1));
      assertEquals(RpcException.Kind.FAILED, e.kind(), e.getMessage());
      assertTrue(e.reason().contains("Illegal native access"), e.reason());
      assertEquals(8, KernelIT.blockCount(faulty), "the host serves on, over epoll");
    }
    String log = Files.readString(kernel.state.resolve("hosts/widen.log"));
    assertTrue(log.contains("--illegal-native-access=deny"), log);
    assertTrue(log.contains("--enable-native-access=corral.regdsl,io.netty.common"), log);
    assertFalse(log.contains("ALL-UNNAMED"), log);
    assertFalse(log.contains("restricted method"), "no native-access warning: " + log);
    bystanderIsUnharmed();
    assertEquals(0, corral("unplug", "/dev/widen").status());
  }

  long refusals() throws Exception {
    try (var lines = Files.lines(kernel.state.resolve("audit.log"))) {
      return lines.filter(l -> l.contains("refused")).count();
    }
  }

  @Test
  void aDriverThatFloodsTheKernelWithCallsLeavesItServingEveryoneElse() throws Exception {
    String cap =
        plug(
            "faulty",
            "/dev/flood",
            "--group",
            "flood",
            "--set",
            "fault=flood",
            "--set",
            "kernel=" + kernel.address());
    long before = refusals();
    try (Block.Client flood = new Block.Client(client.restore(cap))) {
      KernelIT.read(flood, 0, 1); // starts the flood, which runs until the instance stops
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    int rounds = 0;
    while (refusals() - before < 2_000 && Instant.now().isBefore(deadline)) {
      bystanderIsUnharmed(); // a call on the direct path, and `corral ls` through the kernel
      rounds++;
    }
    assertTrue(refusals() - before >= 2_000, "the flood ran: " + (refusals() - before));
    String other = plug("null", "/dev/during-flood");
    try (Block.Client c = new Block.Client(client.restore(other))) {
      assertTrue(
          KernelIT.blockCount(c) > 0, "a plug and a restore through the kernel during the flood");
    }
    assertEquals(0, corral("unplug", "/dev/during-flood").status());
    assertEquals(0, corral("unplug", "/dev/flood").status());
    assertTrue(rounds > 0, "the bystander was checked while the kernel was flooded");
    bystanderIsUnharmed();
  }

  @Test
  void aDriverThatSpinsOrDeadlocksStallsOnlyItsOwnCalls() throws Exception {
    for (String fault : List.of("spin", "deadlock")) {
      String cap = plug("faulty", "/dev/" + fault, "--group", fault, "--set", "fault=" + fault);
      try (Block.Client faulty = new Block.Client(client.restore(cap))) {
        var stuck =
            faulty.read(
                p -> {
                  p.setBlock(0);
                  p.setCount(1);
                });
        RpcException e = assertThrows(RpcException.class, () -> Calls.await(stuck, 3));
        assertEquals("no answer within 3 s", e.reason());
        assertEquals(8, KernelIT.blockCount(faulty), "its other calls still run");
      }
      bystanderIsUnharmed();
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral plug: the host of group "
                  + fault
                  + " runs already: its JVM options and restart budget were set by its first"
                  + " plug\n"),
          corral("plug", "null", "/dev/late", "--group", fault, "--jvm-option", "-Xmx64m"));
      assertTrue(
          hostLine(fault)
              .matches(fault + "\\s+" + fault + "\\s+\\d+\\s+running\\s+0\\s+/dev/" + fault),
          hostLine(fault));
      assertEquals(0, corral("unplug", "/dev/" + fault).status());
      assertEquals("", hostLine(fault), "its host is gone");
    }
  }

  @Test
  void aHostThatKeepsDyingSpendsItsRestartBudgetAndEndsFailed() throws Exception {
    String cap =
        plug(
            "faulty",
            "/dev/doomed",
            "--group",
            "doomed",
            "--set",
            "exitAfter=200",
            "--restart-budget",
            "2",
            "--jvm-option",
            "-Xmx48m");
    assertTrue(
        Files.readString(kernel.state.resolve("hosts/doomed.log"))
            .lines()
            .anyMatch(l -> l.startsWith("== starting host doomed: ") && l.contains(" -Xmx48m ")),
        "the group's JVM option reaches its host's command line");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
    RpcException failed = null;
    while (failed == null) {
      assertTrue(Instant.now().isBefore(deadline), "never failed: " + hostLine("doomed"));
      try {
        client.where(cap); // waits while the host restarts
      } catch (RpcException e) {
        if (e.kind() == RpcException.Kind.FAILED) {
          failed = e;
        }
      }
    }
    assertEquals(
        "instance /dev/doomed has failed: its host doomed was restarted 2 times and spent its"
            + " budget of 2 restarts in 10 minutes (log: "
            + kernel.state.resolve("hosts/doomed.log")
            + ")",
        failed.reason());
    assertTrue(
        hostLine("doomed").matches("doomed\\s+doomed\\s+0\\s+failed\\s+2\\s+/dev/doomed"),
        hostLine("doomed"));
    assertTrue(
        corral("ls")
            .out()
            .lines()
            .anyMatch(l -> l.matches("/dev/doomed\\s+faulty\\s+0x[0-9a-f]+\\s+doomed\\s+failed")));
    bystanderIsUnharmed();
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral plug: the host of group doomed is failed; its instances: [/dev/doomed]\n"),
        corral("plug", "null", "/dev/late", "--group", "doomed"));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral plug: JVM option '-cp' is not allowed: only -X..., -XX:... (but not"
                + " -XX:AOT...) and -D... options are\n"),
        corral("plug", "null", "/dev/late", "--jvm-option=-cp"));
    assertEquals(0, corral("unplug", "/dev/doomed").status());
    assertEquals("", hostLine("doomed"));
  }
}
