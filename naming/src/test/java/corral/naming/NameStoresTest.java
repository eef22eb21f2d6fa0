package corral.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import corral.naming.zookeeper.ZooKeeperNameStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code --naming} addresses a kernel accepts, and the exact refusals of the others. */
class NameStoresTest {

  @Test
  void aZooKeeperAddressGivesTheEnsembleThePathAndTheSessionTimeout() {
    ZooKeeperNameStore.Options o =
        NameStores.zooKeeper("zk://10.0.0.1:2181,zk2:2182/corral/a?session=3s");
    assertEquals("10.0.0.1:2181,zk2:2182", o.connect());
    assertEquals("/corral/a", o.root());
    assertEquals(Duration.ofSeconds(3), o.sessionTimeout());
    assertEquals(Duration.ofSeconds(10), NameStores.zooKeeper("zk://h:1/c").sessionTimeout());
  }

  @Test
  void malformedAddressesAreRefusedNamingWhatIsWrong() {
    assertEquals(
        "--naming zk:/h:1/c: not zk://HOST:PORT[,HOST:PORT...]/PATH[?session=DURATION] (as"
            + " zk://127.0.0.1:2181/corral?session=5s)",
        refused("zk:/h:1/c"));
    assertEquals("--naming zk://h/c: 'h' is not HOST:PORT", refused("zk://h/c"));
    assertEquals(
        "--naming zk://h:1: the path under which the namespace lives is missing (as"
            + " zk://h:1/corral)",
        refused("zk://h:1"));
    assertEquals(
        "--naming zk://h:1/c?session=100ms: a session timeout under 500 ms is not useful",
        refused("zk://h:1/c?session=100ms"));
    assertEquals(
        "--naming zk://h:1/c/../d: bad name \"/c/../d\": '..' is not allowed as a segment (at index"
            + " 3)",
        refused("zk://h:1/c/../d"));
  }

  private static String refused(String address) {
    return assertThrows(IllegalArgumentException.class, () -> NameStores.zooKeeper(address))
        .getMessage();
  }
}
