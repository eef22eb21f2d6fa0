package corral.naming;

import corral.naming.journal.JournalNameStore;
import corral.naming.zookeeper.ZooKeeperNameStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store a kernel's namespace lives in, from its {@code --naming} option: none for the embedded
 * journal in {@code STATE/names/}, or {@code zk://HOST:PORT[,HOST:PORT...]/PATH[?session=DURATION]}
 * for a ZooKeeper ensemble shared by several kernels (the session timeout bounds how long a dead
 * kernel's entries outlive it; default 10 s).
 */
public final class NameStores {
  private static final Pattern ZK =
      Pattern.compile("zk://([^/?]+)(/[^?]*)?(?:\\?session=(\\d{1,6})(ms|s))?");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  private NameStores() {}

  /**
   * Opens the store {@code naming} names, or the journal of {@code stateDirectory}.
   *
   * @throws IllegalArgumentException for a malformed {@code naming}, naming what is wrong
   * @throws corral.runtime.rpc.RpcException as the store's {@code open}: disconnected when
   *     ZooKeeper cannot be reached, failed for a journal in use or corrupt
   */
  public static NameStore open(Optional<String> naming, Path stateDirectory) {
    if (naming.isEmpty()) {
      return JournalNameStore.open(
          stateDirectory.resolve("names"), JournalNameStore.Options.defaults());
    }
    return ZooKeeperNameStore.open(zooKeeper(naming.get()));
  }

  /** The ZooKeeper options a {@code zk://} address gives. */
  static ZooKeeperNameStore.Options zooKeeper(String address) {
    Matcher m = ZK.matcher(address);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--naming "
              + address
              + ": not zk://HOST:PORT[,HOST:PORT...]/PATH[?session=DURATION] (as"
              + " zk://127.0.0.1:2181/corral?session=5s)");
    }
    for (String hostPort : m.group(1).split(",")) {
      if (!HOST_PORT.matcher(hostPort).matches()) {
        throw new IllegalArgumentException(
            "--naming " + address + ": '" + hostPort + "' is not HOST:PORT");
      }
    }
    String root = m.group(2);
    if (root == null || root.equals("/")) {
      throw new IllegalArgumentException(
          "--naming "
              + address
              + ": the path under which the namespace lives is missing (as zk://"
              + m.group(1)
              + "/corral)");
    }
    try {
      NamePath.parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--naming " + address + ": " + e.getMessage(), e);
    }
    ZooKeeperNameStore.Options options = ZooKeeperNameStore.Options.of(m.group(1), root);
    if (m.group(3) != null) {
      long n = Long.parseLong(m.group(3));
      Duration session = m.group(4).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
      if (session.compareTo(Duration.ofMillis(500)) < 0) {
        throw new IllegalArgumentException(
            "--naming " + address + ": a session timeout under 500 ms is not useful");
      }
      options = options.withTimeouts(session, options.connectionTimeout());
    }
    return options;
  }
}
