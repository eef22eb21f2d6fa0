package corral.naming.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.classes.NamingSchema.NameService;
import corral.classes.NamingSchema.Status;
import corral.naming.Entry;
import corral.naming.Location;
import corral.naming.NamePath;
import corral.naming.journal.JournalNameStore;
import corral.runtime.rpc.RpcConnection;
import corral.runtime.rpc.RpcException;
import corral.runtime.rpc.Vat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A journal store served as the Cap'n Proto NameService over a real unix socket. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StoreNameServiceTest {
  @TempDir Path dir;
  JournalNameStore store;
  Vat serverVat;
  Vat clientVat;
  Vat.Listener listener;
  RpcConnection connection;
  NameService.Client root;

  @BeforeEach
  void start() throws Exception {
    store = JournalNameStore.open(dir.resolve("names"), JournalNameStore.Options.defaults());
    String address = "unix:" + dir.resolve("n.sock");
    serverVat = new Vat(1);
    clientVat = new Vat(1);
    listener = serverVat.listen(address, () -> NameService.Client.of(StoreNameService.root(store)));
    connection = clientVat.connect(address, null).get(10, TimeUnit.SECONDS);
    root = new NameService.Client(connection.bootstrap());
  }

  @AfterEach
  void stop() {
    root.close();
    connection.close();
    listener.close();
    clientVat.close();
    serverVat.close();
    store.close();
  }

  private static Entry entry(long id) {
    return new Entry(
        id,
        List.of("corral.block.Block"),
        "ramdisk",
        new Location("node1", "h"),
        Entry.State.UP,
        Optional.of("corral1:published"));
  }

  private static Status bind(NameService.Client ns, String name, Entry e) {
    try (var r =
        ns.bind(
            p -> {
              p.setName(name);
              StoreNameService.writeEntry(p.initEntry(), e);
            })) {
      return r.join().getResult().getStatus();
    }
  }

  @Test
  void aBoundNameIsLookedUpWithItsPublishedCapOverTheSocket() {
    assertEquals(Status.DONE, bind(root, "/dev/disk0", entry(7)));
    try (var r = root.lookup(p -> p.setName("/dev/disk0"))) {
      assertEquals(Status.FOUND, r.join().getResult().getStatus());
      assertEquals("/dev/disk0", r.join().getResolved().toString());
      assertEquals(entry(7), StoreNameService.readEntry(r.join().getNode().getEntry()));
    }
    assertEquals(Status.EXISTS, bind(root, "/dev/disk0", entry(8)));
    try (var r = root.lookup(p -> p.setName("/dev/nope"))) {
      assertEquals(Status.NOT_FOUND, r.join().getResult().getStatus());
      assertEquals("/dev/nope: no such name", r.join().getResult().getMessage().toString());
    }
    try (var r = root.list(p -> p.setName("/dev"))) {
      assertEquals(1, r.join().getChildren().size());
      assertEquals("disk0", r.join().getChildren().get(0).getName().toString());
    }
  }

  @Test
  void aDirectoryCapReachesOnlyItsSubtreeAndItsRights() {
    bind(root, "/home/alice", entry(1));
    try (var d =
            root.directory(
                p -> {
                  p.setName("/dev");
                  p.initRights().setLookup(true);
                  p.getRights().setBind(true);
                  p.getRights().setInstances(true);
                });
        NameService.Client dev = d.join().getDirectory().duplicate()) {
      assertEquals(Status.DONE, bind(dev, "/dev/uart0", entry(2)));
      RpcException outside =
          assertThrows(RpcException.class, () -> bind(dev, "/home/mallory", entry(3)));
      assertEquals(
          "failed: /home/mallory is outside the directory /dev of this capability",
          outside.getMessage());
      RpcException noUnbind =
          assertThrows(RpcException.class, () -> dev.unbind(p -> p.setName("/dev/uart0")).join());
      assertEquals(
          "failed: this capability for /dev does not grant unbind (asked for /dev/uart0)",
          noUnbind.getMessage());
      RpcException widen =
          assertThrows(
              RpcException.class,
              () ->
                  dev.directory(
                          p -> {
                            p.setName("/dev/serial");
                            p.initRights().setUnbind(true);
                          })
                      .join()
                      .getDirectory());
      assertEquals(
          "failed: this capability for /dev does not grant unbind, so it cannot hand it out for"
              + " /dev/serial",
          widen.getMessage());
    }
    assertEquals(
        entry(2), ((corral.naming.Found) store.lookup(NamePath.parse("/dev/uart0"))).node());
  }

  @Test
  void withoutTheInstancesRightAliasesAndDirectoriesChangeButEntriesDoNot() {
    bind(root, "/dev/disk0", entry(1));
    try (var d =
            root.directory(
                p -> {
                  p.setName("/");
                  var r = p.initRights();
                  r.setLookup(true);
                  r.setBind(true);
                  r.setUnbind(true);
                });
        NameService.Client admin = d.join().getDirectory().duplicate()) {
      try (var r =
          admin.alias(
              p -> {
                p.setName("/dev/disk");
                p.setTarget("/dev/disk0");
              })) {
        assertEquals(Status.DONE, r.join().getResult().getStatus());
      }
      RpcException bindEntry =
          assertThrows(RpcException.class, () -> bind(admin, "/dev/disk1", entry(2)));
      assertEquals(
          "failed: /dev/disk1 is an instance's entry, which only its kernel binds, replaces or"
              + " unbinds (plug, unplug, swap): this capability for / does not grant instances",
          bindEntry.getMessage());
      RpcException unbindEntry =
          assertThrows(RpcException.class, () -> admin.unbind(p -> p.setName("/dev/disk0")).join());
      assertEquals(
          "failed: /dev/disk0 is an instance's entry, which only its kernel binds, replaces or"
              + " unbinds (plug, unplug, swap): this capability for / does not grant instances",
          unbindEntry.getMessage());
      RpcException aliasOverEntry =
          assertThrows(
              RpcException.class,
              () ->
                  admin
                      .alias(
                          p -> {
                            p.setName("/dev/disk0");
                            p.setTarget("/dev/null");
                          })
                      .join());
      assertEquals(
          "failed: /dev/disk0 is an instance's entry, which only its kernel binds, replaces or"
              + " unbinds (plug, unplug, swap): this capability for / does not grant instances",
          aliasOverEntry.getMessage());
      try (var r = admin.unbind(p -> p.setName("/dev/disk"))) {
        assertEquals(Status.DONE, r.join().getResult().getStatus());
      }
    }
    assertEquals(
        entry(1), ((corral.naming.Found) store.lookup(NamePath.parse("/dev/disk0"))).node());
  }

  @Test
  void aWatchOverTheSocketDeliversChangesInOrderAndResumesAfterTheLastRevisionTaken() {
    long start;
    try (var r = root.revision(p -> {})) {
      start = r.join().getRevision();
    }
    NameService.Client watcher;
    try (var d =
        root.directory(
            p -> {
              p.setName("/dev");
              p.initRights().setWatch(true);
            })) {
      watcher = d.join().getDirectory().duplicate();
    }
    try (watcher;
        var w =
            watcher.watch(
                p -> {
                  p.setPrefix("/dev");
                  p.setAfterRevision(start);
                });
        var stream = w.join().getWatch().duplicate()) {
      assertEquals(Status.WATCHING, w.join().getResult().getStatus());
      bind(root, "/dev/disk0", entry(1));
      bind(root, "/home/elsewhere", entry(2));
      try (var u = root.unbind(p -> p.setName("/dev/disk0"))) {
        assertEquals(Status.DONE, u.join().getResult().getStatus());
      }
      List<String> seen = new java.util.ArrayList<>();
      long last = start;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (seen.size() < 2 && System.nanoTime() < deadline) {
        try (var n =
            stream.next(
                p -> {
                  p.setMaxMessages(10);
                  p.setWaitMillis(1000);
                })) {
          for (var m : n.join().getMessages()) {
            seen.add(m.getEvent().getKind() + " " + m.getEvent().getPath());
            last = m.getRevision();
          }
        }
      }
      assertEquals(List.of("BOUND /dev/disk0", "UNBOUND /dev/disk0"), seen);
      long resumeAfter = last - 1;
      try (var again =
              watcher.watch(
                  p -> {
                    p.setPrefix("/dev");
                    p.setAfterRevision(resumeAfter);
                  });
          var resumed = again.join().getWatch().duplicate();
          var n =
              resumed.next(
                  p -> {
                    p.setMaxMessages(10);
                    p.setWaitMillis(1000);
                  })) {
        assertEquals(1, n.join().getMessages().size());
        assertEquals(
            "UNBOUND /dev/disk0",
            n.join().getMessages().get(0).getEvent().getKind()
                + " "
                + n.join().getMessages().get(0).getEvent().getPath());
      }
      try (var future =
          watcher.watch(
              p -> {
                p.setPrefix("/dev");
                p.setAfterRevision(1000);
              })) {
        assertEquals(Status.FUTURE_REVISION, future.join().getResult().getStatus());
        assertEquals(
            "watch /dev after revision 1000: the store is at revision " + last,
            future.join().getResult().getMessage().toString());
      }
      RpcException noRight =
          assertThrows(
              RpcException.class, () -> watcher.lookup(p -> p.setName("/dev/disk0")).join());
      assertEquals(
          "failed: this capability for /dev does not grant lookup (asked for /dev/disk0)",
          noRight.getMessage());
    }
  }
}
