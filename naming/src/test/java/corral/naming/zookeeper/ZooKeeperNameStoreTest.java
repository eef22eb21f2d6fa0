package corral.naming.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.naming.Done;
import corral.naming.Exists;
import corral.naming.Found;
import corral.naming.NameEvent;
import corral.naming.NameStore;
import corral.naming.NameStoreContract;
import corral.naming.NotFound;
import corral.naming.Outcome;
import corral.naming.Watch;
import corral.runtime.rpc.RpcException;
import corral.runtime.testing.LogCapture;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contract against a real ZooKeeper (curator-test's in-process server), and the cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZooKeeperNameStoreTest extends NameStoreContract {
  private TestingServer server;
  private int roots;

  /**
   * A ZooKeeper server on loopback only, with a connection limit (so that it does not warn that
   * none is configured).
   */
  static TestingServer loopbackZooKeeper() throws Exception {
    InstanceSpec spec =
        new InstanceSpec(
            null,
            -1,
            -1,
            -1,
            true,
            -1,
            -1,
            -1,
            java.util.Map.of("clientPortAddress", "127.0.0.1", "maxCnxns", "64"),
            "127.0.0.1");
    return new TestingServer(spec, true);
  }

  @BeforeAll
  void startZooKeeper() throws Exception {
    server = loopbackZooKeeper();
  }

  @AfterAll
  void stopZooKeeper() throws Exception {
    server.close();
  }

  private ZooKeeperNameStore.Options options(String root) {
    return ZooKeeperNameStore.Options.of(server.getConnectString(), root)
        .withTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(2));
  }

  @Override
  protected NameStore newStore(int historyCapacity) {
    return ZooKeeperNameStore.open(
        options("/contract" + roots++).withHistoryCapacity(historyCapacity));
  }

  @Test
  void twoKernelsShareOneNamespace() {
    String root = "/shared" + roots++;
    try (ZooKeeperNameStore a = ZooKeeperNameStore.open(options(root));
        ZooKeeperNameStore b = ZooKeeperNameStore.open(options(root))) {
      Watch w = watch(b, "/dev", b.revision());
      assertInstanceOf(Done.class, a.bind(p("/dev/disk0"), entry(1)));
      NameEvent seen = next(w);
      assertEquals(p("/dev/disk0"), seen.path());
      assertEquals(entry(1), ((Found) b.lookup(p("/dev/disk0"))).node());
      assertInstanceOf(Exists.class, b.bind(p("/dev/disk0"), entry(2)));
      assertInstanceOf(Done.class, b.bind(p("/dev/disk1"), entry(3)));
      assertEquals(p("/dev/disk1"), next(w).path());
      w.close();
    }
  }

  @Test
  void racingKernelsBindEachNameOnce() throws Exception {
    String root = "/race" + roots++;
    try (ZooKeeperNameStore a = ZooKeeperNameStore.open(options(root));
        ZooKeeperNameStore b = ZooKeeperNameStore.open(options(root))) {
      List<Future<Outcome>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 100; i++) {
          int n = i;
          NameStore s = n % 2 == 0 ? a : b;
          results.add(pool.submit(() -> s.bind(p("/r/n" + (n / 2)), entry(n))));
        }
      }
      int done = 0;
      for (Future<Outcome> f : results) {
        if (f.get() instanceof Done) {
          done++;
        }
      }
      assertEquals(50, done);
    }
  }

  @Test
  void theEntriesOfAKernelWhoseSessionEndsVanishForTheOthers() {
    String root = "/vanish" + roots++;
    try (ZooKeeperNameStore survivor = ZooKeeperNameStore.open(options(root))) {
      ZooKeeperNameStore dying = ZooKeeperNameStore.open(options(root));
      dying.bind(p("/dev/uart0"), entry(1));
      dying.alias(p("/dev/ttyS0"), p("/dev/uart0"));
      survivor.bind(p("/dev/disk0"), entry(2));
      Watch w = watch(survivor, "/dev", survivor.revision());
      dying.close();
      NameEvent gone = next(w);
      assertEquals(NameEvent.Kind.UNBOUND, gone.kind());
      assertEquals(p("/dev/uart0"), gone.path());
      assertInstanceOf(NotFound.class, survivor.lookup(p("/dev/uart0")));
      assertInstanceOf(NotFound.class, survivor.lookup(p("/dev/ttyS0")), "a dangling alias");
      assertInstanceOf(Found.class, survivor.lookup(p("/dev/disk0")));
      w.close();
    }
  }

  @Test
  void anUnreachableZooKeeperIsAClearError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String connect = "127.0.0.1:" + port;
    RpcException e;
    try (LogCapture zooKeeperClient = LogCapture.of("org.apache")) {
      e =
          assertThrows(
              RpcException.class,
              () ->
                  ZooKeeperNameStore.open(
                      ZooKeeperNameStore.Options.of(connect, "/x")
                          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))));
      // ZooKeeper's client says each refused connection in its own words
      assertTrue(
          zooKeeperClient.events().stream()
              .anyMatch(ev -> ev.logger().startsWith("org.apache.zookeeper.ClientCnxn")),
          zooKeeperClient.toString());
    }
    assertEquals(RpcException.Kind.DISCONNECTED, e.kind());
    assertEquals(
        "disconnected: ZooKeeper at " + connect + " is unreachable: not connected within 500 ms",
        e.getMessage());
  }

  @Test
  void aZooKeeperThatGoesAwayMidRunFailsChangesAsDisconnected() throws Exception {
    try (LogCapture zooKeeperClient = LogCapture.of("org.apache")) {
      aZooKeeperGoesAway();
      // ZooKeeper's client and Curator say they lost the server, each in its own words
      assertTrue(
          zooKeeperClient.events().stream()
              .anyMatch(ev -> ev.logger().startsWith("org.apache.zookeeper.ClientCnxn")),
          zooKeeperClient.toString());
    }
  }

  private void aZooKeeperGoesAway() throws Exception {
    try (TestingServer own = loopbackZooKeeper();
        ZooKeeperNameStore s =
            ZooKeeperNameStore.open(
                ZooKeeperNameStore.Options.of(own.getConnectString(), "/gone")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)))) {
      assertInstanceOf(Done.class, s.bind(p("/a"), entry(1)));
      own.stop();
      RpcException e = assertThrows(RpcException.class, () -> s.bind(p("/b"), entry(2)));
      assertEquals(RpcException.Kind.DISCONNECTED, e.kind());
      assertTrue(
          e.getMessage().startsWith("disconnected: ZooKeeper at " + own.getConnectString()),
          e.getMessage());
    }
  }
}
