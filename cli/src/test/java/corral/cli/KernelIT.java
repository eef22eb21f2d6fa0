package corral.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.classes.BlockClass.Block;
import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.classes.KernelSchema;
import corral.runtime.cap.Capability;
import corral.runtime.cap.CapabilityText;
import corral.runtime.cap.MethodSet;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import corral.runtime.testing.CppProgram;
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
 * The kernel end to end, with real processes: one {@code corral kernel} for the whole class, driver
 * hosts it starts, the real launcher for every verb, and a Java client in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KernelIT {
  Path dir;
  RunningKernel kernel;
  Vat vat;
  KernelClient client;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("corral-kernel-it");
    kernel = new RunningKernel(dir.resolve("state"));
    vat = new Vat(1);
    client = KernelClient.connect(vat, kernel.address());
  }

  @AfterAll
  void stop() throws Exception {
    try {
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

  static byte[] block(String text) {
    byte[] b = new byte[512];
    byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, b, 0, t.length);
    return b;
  }

  static void write(Block.Client disk, long block, byte[] data) {
    Calls.run(
        disk.write(
            p -> {
              p.setBlock(block);
              p.setData(data);
            }));
  }

  static byte[] read(Block.Client disk, long block, int count) {
    try (var r =
        Calls.await(
            disk.read(
                p -> {
                  p.setBlock(block);
                  p.setCount(count);
                }),
            30)) {
      return r.join().getData().toArray();
    }
  }

  static long blockCount(Block.Client disk) {
    try (var r = Calls.await(disk.info(p -> {}), 30)) {
      return r.join().getInfo().getBlockCount();
    }
  }

  List<Long> hostPids(String id) {
    try (KernelSchema.KernelAdmin.Client admin = client.admin(kernel.adminCap());
        var r = Calls.await(admin.hosts(p -> {}), 30)) {
      List<Long> pids = new java.util.ArrayList<>();
      for (KernelSchema.HostInfo.Reader h : r.join().getHosts()) {
        if (h.getId().toString().equals(id)) {
          pids.add(h.getPid());
        }
      }
      return pids;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPluggedRamDiskIsWrittenAndReadBackOverTheDirectPathThenUnplugged() throws Exception {
    String cap = plug("ramdisk", "/dev/disk0", "--set", "size=4M");
    String where = client.where(cap);
    assertEquals("unix:" + kernel.state.resolve("hosts/h1.sock"), where.replaceAll("h\\d+", "h1"));
    try (Block.Client disk = new Block.Client(client.restore(cap))) {
      assertEquals(8192, blockCount(disk));
      write(disk, 3, block("hello, disk"));
      assertArrayEquals(block("hello, disk"), read(disk, 3, 1));
      assertArrayEquals(new byte[1024], read(disk, 4, 2));
      RpcException e = assertThrows(RpcException.class, () -> read(disk, 8191, 16));
      assertEquals("block 8191 + 16 exceeds device size 8192 blocks", e.reason());
      e = assertThrows(RpcException.class, () -> write(disk, 0, new byte[1000]));
      assertEquals("write of 1000 bytes is not a whole number of 512-byte blocks", e.reason());

      String host =
          corral("ls")
              .out()
              .lines()
              .filter(l -> l.startsWith("/dev/disk0"))
              .findFirst()
              .orElseThrow()
              .split("\\s+")[3];
      List<Long> pids = hostPids(host);
      assertEquals(1, pids.size());
      assertEquals(0, corral("unplug", "/dev/disk0").status());
      assertThrows(RpcException.class, () -> blockCount(disk));
      assertEquals(List.of(), hostPids(host), "the host left empty is stopped");
      ProcessHandle.of(pids.get(0)).ifPresent(p -> p.onExit().join());
    }
    RpcException refused = assertThrows(RpcException.class, () -> client.restore(cap));
    assertEquals("capability refused", refused.reason());
  }

  @Test
  void corralCallWritesABlockByNameAndReadsItBackInTextFormat() throws Exception {
    plug("ramdisk", "/dev/called", "--set", "size=64K");
    String data = "x".repeat(512);
    assertEquals(
        new CorralProcess.Result(0, "()\n", ""),
        corral("call", "/dev/called", "write", "(block = 3, data = \"" + data + "\")"));
    assertEquals(
        new CorralProcess.Result(0, "( data = \"" + data + "\" )\n", ""),
        corral("call", "/dev/called", "read", "(block = 3, count = 1)"));
    assertEquals(
        new CorralProcess.Result(
            0, "( info = (blockSize = 512, blockCount = 128, readOnly = false) )\n", ""),
        corral("call", "/dev/called", "info"));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral call: Block.read failed: failed: block 127 + 2 exceeds device size 128"
                + " blocks\n"),
        corral("call", "/dev/called", "read", "(block = 127, count = 2)"));
    assertEquals(0, corral("unplug", "/dev/called").status());
  }

  @Test
  void callsOnTheDirectPathDoNotCrossTheKernel() throws Exception {
    String cap = plug("null", "/dev/null-direct");
    try (Block.Client disk = new Block.Client(client.restore(cap))) {
      assertEquals(1L << 31, blockCount(disk));
      ProcessHandle k = kernel.process.toHandle();
      // SIGSTOP the kernel (and the launcher's java, which is the same process: exec)
      assertEquals(
          0, new ProcessBuilder("kill", "-STOP", Long.toString(k.pid())).start().waitFor());
      try {
        assertArrayEquals(new byte[512], read(disk, 7, 1));
        write(disk, 7, block("the kernel is stopped"));
      } finally {
        new ProcessBuilder("kill", "-CONT", Long.toString(k.pid())).start().waitFor();
      }
    }
    assertEquals(0, corral("unplug", "/dev/null-direct").status());
  }

  /** {@code owner} narrowed to Block's info and read. */
  static String infoAndReadOnly(Capability owner) {
    return owner
        .allowOnly(
            Block.TYPE_ID,
            MethodSet.of(Block.METHOD_NAMES.indexOf("info"), Block.METHOD_NAMES.indexOf("read")))
        .toText();
  }

  @Test
  void theRelayedPathThroughTheKernelIsGatedByTheHostAsTheDirectOne() throws Exception {
    String cap = plug("ramdisk", "/dev/relayed", "--set", "size=64K");
    Capability owner = ((CapabilityText.Parsed) Capability.parse(cap)).capability();
    String readOnly = infoAndReadOnly(owner);
    try (Block.Client relayed = new Block.Client(client.relayed(cap));
        Block.Client direct = new Block.Client(client.restore(readOnly));
        Block.Client relayedReadOnly = new Block.Client(client.relayed(readOnly))) {
      write(relayed, 1, block("through the kernel"));
      assertArrayEquals(block("through the kernel"), read(direct, 1, 1));
      assertArrayEquals(block("through the kernel"), read(relayedReadOnly, 1, 1));
      for (Block.Client c : List.of(direct, relayedReadOnly)) {
        RpcException denied = assertThrows(RpcException.class, () -> write(c, 1, block("no")));
        assertEquals(
            "method write (@2) of interface "
                + Capability.hexId(Block.TYPE_ID)
                + " is not granted by the capability of this reference to instance "
                + Capability.hexId(owner.instanceId()),
            denied.reason());
      }
    }
    assertEquals(0, corral("unplug", "/dev/relayed").status());
  }

  @Test
  void aClientSpeakingOnlyStandardCapnProtoCallsThroughTheKernelGatedAsAnyOther() throws Exception {
    Path client =
        CppProgram.build(
            Path.of("src/test/cpp/kernel_client.c++"),
            Path.of("target/cpp-kernel-client"),
            List.of(
                new CppProgram.Schema("../drivers/classes/src/main/capnp/corral", "kernel.capnp"),
                new CppProgram.Schema("../drivers/classes/src/main/capnp/corral", "naming.capnp"),
                new CppProgram.Schema("../drivers/classes/src/main/capnp/corral", "block.capnp")));
    String cap = plug("ramdisk", "/dev/cpp", "--set", "size=64K");
    Capability owner = ((CapabilityText.Parsed) Capability.parse(cap)).capability();
    String readOnly = infoAndReadOnly(owner);
    assertEquals(
        List.of(
            "info blockSize=512 blockCount=128 readOnly=false",
            "write ok",
            "read 512 bytes, first 'c'",
            "exit 0"),
        CppProgram.runLines(client, kernel.address(), cap));
    assertEquals(
        List.of(
            "info blockSize=512 blockCount=128 readOnly=false",
            "write failed failed: method write (@2) of interface "
                + Capability.hexId(Block.TYPE_ID)
                + " is not granted by the capability of this reference to instance "
                + Capability.hexId(owner.instanceId()),
            "read 512 bytes, first 'c'",
            "exit 0"),
        CppProgram.runLines(client, kernel.address(), readOnly));
    assertEquals(0, corral("unplug", "/dev/cpp").status());
  }

  @Test
  void badPlugsAreRefusedNamingTheProblemAndLeaveNothingBehind() throws Exception {
    plug("null", "/dev/taken");
    int hosts = corral("hosts").out().lines().toList().size();
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral plug: no driver named 'ramdsk'; drivers: null, ramdisk\n"),
        corral("plug", "ramdsk", "/dev/x"));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral plug: name /dev/taken is bound to instance "
                + corral("ls", "--json")
                    .out()
                    .replaceAll(
                        "(?s).*\"/dev/taken\",\"kind\":\"entry\",\"instance\":\"(0x[0-9a-f]+)\".*",
                        "$1")
                    .strip()
                + " (null); unplug it first or choose another name\n"),
        corral("plug", "ramdisk", "/dev/taken"));
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral plug: size=12Q: not a byte count (e.g. 4096, 64K, 64M, 1G)\n"),
        corral("plug", "ramdisk", "/dev/x", "--set", "size=12Q"));
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral plug: size=1K: out of range: size must be 4K .. 1T\n"),
        corral("plug", "ramdisk", "/dev/x", "--set", "size=1K"));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral plug: driver ramdisk has no configuration key 'sise'; its keys: size, blockSize\n"),
        corral("plug", "ramdisk", "/dev/x", "--set", "sise=1M"));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral plug: driver ramdisk failed to start /dev/x: size 5000 is not a whole number of"
                + " 512-byte blocks\n"),
        corral("plug", "ramdisk", "/dev/x", "--set", "size=5000"));
    assertEquals(hosts, corral("hosts").out().lines().toList().size(), "no host was left behind");
    assertTrue(corral("ls").out().lines().noneMatch(l -> l.startsWith("/dev/x")));
    assertEquals(0, corral("unplug", "/dev/taken").status());
  }

  @Test
  void instancesOfOneGroupShareAHostThatStopsWithTheLastOfThem() throws Exception {
    plug("null", "/dev/g-a", "--group", "shared");
    plug("ramdisk", "/dev/g-b", "--group", "shared", "--set", "size=64K");
    List<Long> pids = hostPids("shared");
    assertEquals(1, pids.size());
    String hosts = corral("hosts").out();
    assertTrue(
        hosts
            .lines()
            .anyMatch(
                l -> l.matches("shared\\s+shared\\s+\\d+\\s+running\\s+0\\s+/dev/g-a /dev/g-b")),
        hosts);
    assertEquals(0, corral("unplug", "/dev/g-a").status());
    assertEquals(pids, hostPids("shared"));
    assertEquals(0, corral("unplug", "/dev/g-b").status());
    assertEquals(List.of(), hostPids("shared"));
  }

  @Test
  void aHostKilledWithSigkillComesBackUnderItsNameAndClientsRestoreAgain() throws Exception {
    String cap = plug("ramdisk", "/dev/phoenix", "--group", "phoenix", "--set", "size=64K");
    long pid = hostPids("phoenix").get(0);
    try (Block.Client disk = new Block.Client(client.restore(cap))) {
      write(disk, 0, block("before"));
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      RpcException gone = assertThrows(RpcException.class, () -> blockCount(disk));
      assertEquals(RpcException.Kind.DISCONNECTED, gone.kind());
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    Block.Client again = null;
    while (again == null) {
      try {
        again = new Block.Client(client.restore(cap));
        blockCount(again);
      } catch (RpcException e) {
        if (again != null) {
          again.close();
          again = null;
        }
        assertEquals(RpcException.Kind.DISCONNECTED, e.kind(), e.getMessage());
        assertTrue(Instant.now().isBefore(deadline), "the instance did not come back: " + e);
      }
    }
    try (Block.Client disk = again) {
      assertEquals(128, blockCount(disk));
      assertArrayEquals(new byte[512], read(disk, 0, 1), "a RAM disk restarts empty");
    }
    assertNotEquals(List.of(pid), hostPids("phoenix"));
    assertTrue(
        corral("hosts")
            .out()
            .lines()
            .anyMatch(
                l -> l.matches("phoenix\\s+phoenix\\s+\\d+\\s+running\\s+1\\s+/dev/phoenix")));
    assertEquals(0, corral("unplug", "/dev/phoenix").status());
  }

  @Test
  void corralRevokeStopsALiveReferenceHeldByAnotherProcess() throws Exception {
    String cap = plug("null", "/dev/revoked");
    try (Block.Client disk = new Block.Client(client.restore(cap))) {
      assertEquals(1L << 31, blockCount(disk));
      assertEquals(new CorralProcess.Result(0, "", ""), corral("revoke", cap));
      RpcException e = assertThrows(RpcException.class, () -> blockCount(disk));
      assertTrue(e.reason().contains("has been revoked"), e.reason());
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral revoke: nothing revoked: the cap is not a genuine, current cap of this kernel"
                  + " (forged, already revoked, expired, or of an instance unplugged)\n"),
          corral("revoke", cap));
      CorralProcess.Result all = corral("revoke", "--all", "/dev/revoked");
      assertEquals(0, all.status(), all.err());
      try (Block.Client fresh = new Block.Client(client.restore(all.out().strip()))) {
        assertEquals(1L << 31, blockCount(fresh));
      }
    }
    assertEquals(0, corral("unplug", "/dev/revoked").status());
  }

  @Test
  void aSwapKeepsTheIdentityAndHandsTheRamDiskContentsToItsSuccessor() throws Exception {
    String cap = plug("ramdisk", "/dev/swapped", "--set", "size=64K");
    try (Block.Client before = new Block.Client(client.restore(cap))) {
      write(before, 5, block("carried over"));
      CorralProcess.Result r = corral("swap", "/dev/swapped", "ramdisk", "--set", "size=128K");
      assertEquals(0, r.status(), r.err());
      RpcException gone = assertThrows(RpcException.class, () -> blockCount(before));
      assertEquals(RpcException.Kind.DISCONNECTED, gone.kind(), gone.getMessage());
    }
    try (Block.Client after = new Block.Client(client.restore(cap))) {
      assertEquals(256, blockCount(after));
      assertArrayEquals(block("carried over"), read(after, 5, 1));
    }
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral swap: size=1K: out of range: size must be 4K .. 1T\n"),
        corral("swap", "/dev/swapped", "ramdisk", "--set", "size=1K"));
    assertEquals(0, corral("unplug", "/dev/swapped").status());
  }

  /**
   * Clients writing in loops through restoring references, each a block of its own (block N for
   * client N): what failed, how many writes were answered, and each client's last data written.
   */
  final class LiveClients implements AutoCloseable {
    final List<Throwable> failures =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    final java.util.concurrent.atomic.AtomicLong rounds =
        new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    final List<Thread> threads = new java.util.ArrayList<>();
    final byte[][] last;

    LiveClients(String cap, int count) {
      last = new byte[count][];
      for (int t = 0; t < count; t++) {
        int me = t;
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try (Block.Client disk =
                          new Block.Client(client.restoring(cap, Block.IDEMPOTENCE))) {
                        for (long i = 0; !done.get(); i++) {
                          byte[] data = block("client " + me + " round " + i);
                          try {
                            write(disk, me, data);
                            last[me] = data;
                            rounds.incrementAndGet();
                          } catch (RuntimeException e) {
                            failures.add(e);
                          }
                        }
                      }
                    }));
      }
    }

    /** Waits until {@code more} further rounds are done (60 s at most). */
    void await(long more) throws InterruptedException {
      long until = rounds.get() + more;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (rounds.get() < until) {
        assertTrue(Instant.now().isBefore(deadline), "the clients stopped: " + failures);
        Thread.sleep(5);
      }
    }

    @Override
    public void close() {
      stop();
    }

    /** Stops the clients and waits for them (60 s at most). */
    void stop() {
      done.set(true);
      for (Thread t : threads) {
        try {
          assertTrue(t.join(Duration.ofSeconds(60)), "a client did not stop");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while the clients stopped", e);
        }
      }
    }
  }

  @Test
  void swapsUnderLiveClientsFailNoCallInAHostOfItsOwnOrAGroup() throws Exception {
    for (String group : List.of("", "swapgroup")) {
      String name = "/dev/live" + group;
      String cap =
          group.isEmpty()
              ? plug("ramdisk", name, "--set", "size=64K")
              : plug("ramdisk", name, "--group", group, "--set", "size=64K");
      try (LiveClients clients = new LiveClients(cap, 3)) {
        clients.await(20);
        for (String size : List.of("128K", "256K")) {
          CorralProcess.Result r = corral("swap", name, "ramdisk", "--set", "size=" + size);
          assertEquals(0, r.status(), r.err());
          clients.await(20);
        }
        clients.stop();
        assertEquals(List.of(), clients.failures, "calls failed during the swaps of " + name);
        // every answered write is in the successor's blocks (handed over), none was lost
        try (Block.Client disk = new Block.Client(client.restore(cap))) {
          assertEquals(512, blockCount(disk));
          for (int c = 0; c < 3; c++) {
            assertArrayEquals(clients.last[c], read(disk, c, 1), "block of client " + c);
          }
        }
      }
      assertEquals(0, corral("unplug", name).status());
    }
  }

  @Test
  void aHostKilledUnderRestoringClientsFailsOnlyCallsThatMayHaveRunAndTheClientsGoOn()
      throws Exception {
    String cap = plug("ramdisk", "/dev/lazarus", "--group", "lazarus", "--set", "size=64K");
    long pid = hostPids("lazarus").get(0);
    try (LiveClients writers = new LiveClients(cap, 2);
        Block.Client reader = new Block.Client(client.restoring(cap, Block.IDEMPOTENCE))) {
      writers.await(20);
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      // reads and info are idempotent: sent again to the restarted instance, none fails
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (hostPids("lazarus").equals(List.of(pid)) && Instant.now().isBefore(deadline)) {
        read(reader, 9, 1);
      }
      assertEquals(128, blockCount(reader));
      writers.await(20);
      writers.stop();
      // a write outstanding when the host died may have run: each writer sees at most that one
      assertTrue(writers.failures.size() <= 2, "failures: " + writers.failures);
      for (Throwable f : writers.failures) {
        RpcException e = (RpcException) f;
        assertEquals(RpcException.Kind.DISCONNECTED, e.kind(), e.getMessage());
      }
    }
    assertNotEquals(List.of(pid), hostPids("lazarus"));
    assertEquals(0, corral("unplug", "/dev/lazarus").status());
  }

  /**
   * The spare host's process once one runs (60 s at most): a host JVM started as a spare that runs
   * no host of `corral hosts` (an adopted one keeps its command line).
   */
  ProcessHandle spareHost() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      String serving = corral("hosts").out();
      List<ProcessHandle> spares =
          kernel.hosts().stream()
              .filter(p -> p.info().commandLine().orElse("").contains("--id spare"))
              .filter(p -> !serving.contains(" " + p.pid() + " "))
              .toList();
      if (spares.size() == 1) {
        return spares.get(0);
      }
      assertTrue(Instant.now().isBefore(deadline), "no one spare host: " + spares);
      Thread.sleep(50);
    }
  }

  @Test
  void aNewHostRunsInTheSpareHostJvmStartedAheadAndAnotherSpareIsStarted() throws Exception {
    ProcessHandle spare = spareHost();
    String cap = plug("ramdisk", "/dev/adopted", "--set", "size=64K");
    try (Block.Client disk = new Block.Client(client.restore(cap))) {
      write(disk, 1, block("in the spare"));
      assertArrayEquals(block("in the spare"), read(disk, 1, 1));
    }
    assertTrue(
        corral("hosts").out().lines().anyMatch(l -> l.contains(" " + spare.pid() + " ")),
        "the plug's host is the spare's JVM (pid " + spare.pid() + "): " + corral("hosts").out());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (spareHost().pid() == spare.pid()) {
      assertTrue(Instant.now().isBefore(deadline), "no new spare host was started");
      Thread.sleep(50);
    }
    assertEquals(0, corral("unplug", "/dev/adopted").status());
  }

  @Test
  void aDeviceArrivingOnTheSimulatedBusIsPluggedByItsMatchingDriverAndUnpluggedOnDetach()
      throws Exception {
    assertEquals(
        new CorralProcess.Result(0, "null0 /dev/null0\n", ""), corral("sim", "attach", "null"));
    assertEquals(
        new CorralProcess.Result(0, "disk-b /dev/null1\n", ""),
        corral("sim", "attach", "null", "--id", "disk-b", "--set", "size=1M"));
    String ls = corral("ls", "/dev").out();
    assertTrue(ls.lines().anyMatch(l -> l.matches("/dev/null0\\s+null\\s+.*\\s+up\\s*")), ls);
    assertTrue(ls.lines().anyMatch(l -> l.matches("/dev/null1\\s+null\\s+.*\\s+up\\s*")), ls);
    assertEquals(new CorralProcess.Result(0, "", ""), corral("sim", "detach", "null0"));
    assertTrue(corral("ls").out().lines().noneMatch(l -> l.startsWith("/dev/null0 ")));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral sim attach: no driver matches device model 'uart'; models with a driver: null\n"),
        corral("sim", "attach", "uart"));
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral sim detach: no device null0 is attached; attached: disk-b\n"),
        corral("sim", "detach", "null0"));
    assertEquals(new CorralProcess.Result(0, "", ""), corral("sim", "detach", "disk-b"));
  }

  @Test
  void verbsSayWhereTheyLookedWhenNoKernelRuns() throws Exception {
    Path none = dir.resolve("no-kernel");
    CorralProcess.Result r = CorralProcess.run("ls", "--state", none.toString());
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral ls: no kernel is running at unix:"
                + none.resolve("kernel.sock")
                + " (from --state): there is no socket there; start one with 'corral kernel'\n"),
        r);
  }

  @Test
  void everyKernelVerbHasHelpWithoutItsRequiredArguments() throws Exception {
    for (String verb :
        List.of(
            "kernel", "plug", "unplug", "drivers", "hosts", "ls", "revoke", "swap", "sim", "alias",
            "publish", "unbind")) {
      CorralProcess.Result r = CorralProcess.run(verb, "--help");
      assertEquals(0, r.status(), verb + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: corral " + verb), r.out());
    }
    assertEquals(2, CorralProcess.run("plug").status());
  }
}
