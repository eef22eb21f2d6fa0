package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.classes.BlockClass.Block;
import corral.classes.Calls;
import corral.classes.KernelClient;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The kernel's namespace end to end, with real processes: one {@code corral kernel} (the embedded
 * journal) for the class, the naming verbs through the real launcher, a watcher process, a client
 * without the admin cap, and a kernel restarted on the same state directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NamingIT {
  Path dir;
  RunningKernel kernel;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("corral-naming-it");
    kernel = new RunningKernel(dir.resolve("state"));
  }

  @AfterAll
  void stop() throws Exception {
    if (kernel != null) {
      kernel.close();
    }
  }

  CorralProcess.Result corral(String... args) throws Exception {
    return kernel.corral(args);
  }

  void ok(String... args) throws Exception {
    CorralProcess.Result r = corral(args);
    assertEquals(0, r.status(), String.join(" ", args) + ": " + r.err());
  }

  @Test
  void aliasesLeadToTheirTargetAndUnbindRemovesThemButNotAnInstance() throws Exception {
    ok("plug", "ramdisk", "/dev/disks/a", "--set", "size=1M");
    try {
      ok("alias", "/dev/disk", "/dev/disks/a");
      String ls = corral("ls").out();
      assertTrue(ls.lines().anyMatch(l -> l.equals("/dev/disks/")), ls);
      assertTrue(ls.lines().anyMatch(l -> l.matches("/dev/disk\\s+-> /dev/disks/a")), ls);
      assertTrue(
          ls.lines()
              .anyMatch(
                  l -> l.matches("/dev/disks/a\\s+ramdisk\\s+0x[0-9a-f]+\\s+h\\d+\\s+up\\s*")),
          ls);
      assertTrue(
          corral("call", "/dev/disk", "info").out().contains("blockCount = 2048"),
          "a call through the alias reaches the target");
      assertEquals(
          new CorralProcess.Result(
              1, "", "corral alias: /dev/loop: alias loop /dev/loop -> /dev/disk2 -> /dev/loop\n"),
          withAlias("/dev/disk2", "/dev/loop"));
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral unbind: /dev/disks/a is an instance's entry, which only its kernel binds,"
                  + " replaces or unbinds (plug, unplug, swap): this capability for / does not"
                  + " grant instances\n"),
          corral("unbind", "/dev/disks/a"));
      assertEquals(
          new CorralProcess.Result(
              1, "", "corral unbind: /dev/disks: directory is not empty (1 name)\n"),
          corral("unbind", "/dev/disks"));
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral unplug: /dev/disk is an alias to /dev/disks/a: unplug /dev/disks/a, or"
                  + " unbind the alias\n"),
          corral("unplug", "/dev/disk"));
      ok("unbind", "/dev/disk");
      ok("unbind", "/dev/disk2");
      assertEquals(
          new CorralProcess.Result(1, "", "corral ls: /dev/disk: no such name\n"),
          corral("ls", "/dev/disk"));
    } finally {
      ok("unplug", "/dev/disks/a");
    }
    ok("unbind", "/dev/disks");
    assertTrue(corral("ls").out().lines().noneMatch(l -> l.startsWith("/dev/disks")));
  }

  /** Binds {@code first} to {@code second} and then {@code second} to {@code first}. */
  CorralProcess.Result withAlias(String first, String second) throws Exception {
    ok("alias", first, second);
    return corral("alias", second, first);
  }

  @Test
  void aPublishedCapIsAllAResolverWithoutTheAdminCapReceives() throws Exception {
    ok("plug", "ramdisk", "/dev/pub", "--set", "size=1M");
    Path stranger = Files.createDirectories(dir.resolve("stranger")); // no admin.cap here
    try {
      assertEquals(
          new CorralProcess.Result(
              1,
              "",
              "corral call: calling /dev/pub: /dev/pub has no published cap: its administrator can"
                  + " publish one (corral publish /dev/pub --methods ...) or hand you a cap\n"),
          asStranger(stranger, "call", "/dev/pub", "info"));
      CorralProcess.Result first = corral("publish", "/dev/pub", "--methods", "info,read");
      assertEquals(0, first.status(), first.err());
      String published = first.out().strip();
      assertTrue(corral("ls", "/dev/pub").out().matches("(?s).*/dev/pub .*up\\s+yes\n"));
      CorralProcess.Result info = asStranger(stranger, "call", "/dev/pub", "info");
      assertEquals(0, info.status(), info.err());
      assertTrue(info.out().contains("blockCount = 2048"), info.out());
      CorralProcess.Result write =
          asStranger(stranger, "call", "/dev/pub", "write", "(block = 0, data = \"x\")");
      assertEquals(1, write.status());
      assertTrue(write.err().contains("not granted"), write.err());
      try (Vat vat = new Vat(1);
          KernelClient client = KernelClient.connect(vat, kernel.address())) {
        assertEquals(published, client.published("/dev/pub"));
        try (Block.Client disk = new Block.Client(client.restore(published));
            var r = Calls.await(disk.info(p -> {}), 30)) {
          assertEquals(2048, r.join().getInfo().getBlockCount());
        }
        ok("publish", "/dev/pub", "--methods", "info");
        RpcException revoked =
            org.junit.jupiter.api.Assertions.assertThrows(
                RpcException.class, () -> client.restore(published).close());
        assertEquals("capability refused", revoked.reason());
        ok("publish", "/dev/pub", "--withdraw");
        RpcException none =
            org.junit.jupiter.api.Assertions.assertThrows(
                RpcException.class, () -> client.published("/dev/pub"));
        assertTrue(none.reason().startsWith("/dev/pub has no published cap"), none.reason());
      }
      assertEquals(
          2, corral("publish", "/dev/pub").status(), "--methods or --withdraw is required");
    } finally {
      ok("unplug", "/dev/pub");
    }
  }

  /** Runs {@code corral ARGS} against the kernel as a user who cannot read its admin cap. */
  CorralProcess.Result asStranger(Path stranger, String... args) throws Exception {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--kernel";
    all[args.length + 1] = kernel.address();
    all[args.length + 2] = "--state";
    all[args.length + 3] = stranger.toString();
    return CorralProcess.run(all);
  }

  @Test
  void aWatcherSeesInstancesComeGoAndTheirHostsRestart() throws Exception {
    try (WatchProcess watch =
        new WatchProcess(
            "/dev/w",
            "--kernel",
            kernel.address(),
            "--state",
            dir.resolve("stranger").toString())) {
      watch.await("NAME .*", 30);
      ok("plug", "null", "/dev/w/n0");
      watch.await("\\d+ bound /dev/w/n0\\s+null\\s+0x[0-9a-f]+\\s+h\\d+\\s+up\\s*", 30);
      long pid =
          Long.parseLong(
              corral("hosts", "--json")
                  .out()
                  .replaceAll("(?s).*\"pid\":(\\d+),[^}]*\"/dev/w/n0\".*", "$1")
                  .strip());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      watch.await("\\d+ down /dev/w/n0 .*down\\s*", 30);
      watch.await("\\d+ up /dev/w/n0 .*up\\s*", 60);
      ok("unplug", "/dev/w/n0");
      watch.await("\\d+ unbound /dev/w/n0", 30);
      assertEquals("", watch.stop());
    }
  }

  @Test
  void namesOutliveARestartOfTheKernelButTheEntriesOfItsEndedInstancesDoNot() throws Exception {
    Path state = dir.resolve("restarted");
    RunningKernel first = new RunningKernel(state);
    try {
      assertEquals(0, first.corral("plug", "null", "/dev/gone").status());
      assertEquals(0, first.corral("alias", "/dev/stays", "/dev/gone").status());
    } finally {
      first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no clean unbind
      for (ProcessHandle h : first.hosts()) {
        h.onExit().get(30, TimeUnit.SECONDS);
      }
    }
    try (RunningKernel second = new RunningKernel(state)) {
      String ls = second.corral("ls").out();
      assertTrue(ls.lines().anyMatch(l -> l.matches("/dev/stays\\s+-> /dev/gone")), ls);
      assertTrue(ls.lines().noneMatch(l -> l.startsWith("/dev/gone")), ls);
      assertTrue(
          Files.readString(second.log)
              .contains(
                  "unbound 1 names of instances that ended with this kernel's previous run:"
                      + " /dev/gone"));
      assertEquals(0, second.corral("plug", "null", "/dev/gone").status());
      assertTrue(second.corral("call", "/dev/stays", "info").out().contains("blockSize"));
    }
  }

  @Test
  void namingVerbsRefuseBadNamesAndUsage() throws Exception {
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral alias: bad name \"dev/x\": a name starts with '/'\n"),
        corral("alias", "dev/x", "/dev/y"));
    assertEquals(
        new CorralProcess.Result(
            1,
            "",
            "corral plug: bad name \"/dev//x\": empty segment (two '/' in a row at index 4)\n"),
        corral("plug", "null", "/dev//x"));
    assertEquals(2, corral("alias", "/dev/x").status());
    assertEquals(
        new CorralProcess.Result(
            1, "", "corral unbind: /dev/nothing: no such name (/dev does not exist)\n"),
        corral("unbind", "/dev/nothing"));
    for (String verb : List.of("alias", "publish", "unbind", "ls")) {
      CorralProcess.Result r = CorralProcess.run(verb, "--help");
      assertEquals(0, r.status(), verb + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: corral " + verb), r.out());
    }
  }
}
