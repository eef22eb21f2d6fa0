package corral.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two kernel processes sharing one namespace in a real ZooKeeper ({@code curator-test}'s server, in
 * this JVM, on loopback): each sees the other's instances, and when one is killed its entries
 * vanish and a watcher on the other sees them go.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZooKeeperKernelsIT {

  @Test
  void twoKernelsShareANamespaceAndAKilledKernelsEntriesVanishForTheOther() throws Exception {
    Path dir = Files.createTempDirectory("corral-zk-it");
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
            Map.of("clientPortAddress", "127.0.0.1", "maxCnxns", "64"),
            "127.0.0.1");
    try (TestingServer zk = new TestingServer(spec, true)) {
      String naming = "zk://127.0.0.1:" + zk.getPort() + "/corral?session=2s";
      try (RunningKernel b = new RunningKernel(dir.resolve("b"), "--naming", naming)) {
        RunningKernel a = new RunningKernel(dir.resolve("a"), "--naming", naming);
        try (WatchProcess watch = new WatchProcess("/dev", "--state", b.state.toString())) {
          watch.await("NAME .*", 30);
          assertEquals(0, a.corral("plug", "null", "/dev/a0").status());
          watch.await("\\d+ bound /dev/a0\\s+null\\s+0x[0-9a-f]+\\s+h1\\s+up\\s*", 30);
          assertEquals(0, b.corral("plug", "null", "/dev/b0").status());
          String fromA = a.corral("ls", "/dev", "--json").out();
          assertTrue(fromA.contains("\"name\":\"/dev/b0\""), fromA);
          assertTrue(fromA.contains("\"kernel\":\"" + b.address() + "\""), fromA);
          CorralProcess.Result taken = b.corral("plug", "null", "/dev/a0");
          assertEquals(1, taken.status());
          assertTrue(
              taken.err().contains("served by kernel " + a.address()),
              "names a's kernel: " + taken.err());
          CorralProcess.Result notOurs = b.corral("unplug", "/dev/a0");
          assertEquals(1, notOurs.status());
          assertTrue(notOurs.err().contains("not of this one"), notOurs.err());

          a.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 of kernel a
          watch.await("\\d+ unbound /dev/a0", 60);
          String fromB = b.corral("ls", "/dev").out();
          assertTrue(fromB.lines().noneMatch(l -> l.startsWith("/dev/a0")), fromB);
          assertTrue(fromB.lines().anyMatch(l -> l.startsWith("/dev/b0 ")), fromB);
          assertEquals("", watch.stop());
        } finally {
          a.close();
        }
        assertEquals(0, b.corral("unplug", "/dev/b0").status());
      }
    }
  }
}
