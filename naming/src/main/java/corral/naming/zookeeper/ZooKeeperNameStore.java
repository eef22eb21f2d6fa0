package corral.naming.zookeeper;

import corral.naming.Alias;
import corral.naming.Directory;
import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Listing;
import corral.naming.Lookup;
import corral.naming.NameEvent;
import corral.naming.NameEvent.Kind;
import corral.naming.NamePath;
import corral.naming.NameStore;
import corral.naming.Node;
import corral.naming.Outcome;
import corral.naming.WatchStart;
import corral.naming.tree.EventHistory;
import corral.naming.tree.NameChange;
import corral.naming.tree.NameRules;
import corral.naming.tree.NameTree;
import corral.naming.tree.NodeCodec;
import corral.naming.tree.OverlayTree;
import corral.naming.tree.Plan;
import corral.runtime.rpc.RpcException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The name store of a cluster: several kernels share one namespace kept in ZooKeeper, reached
 * through Apache Curator. Each store is one ZooKeeper session; the entries it binds are ephemeral,
 * so they vanish when its session ends (the kernel died, or lost ZooKeeper for longer than the
 * session timeout), and every watcher on every kernel sees them go.
 *
 * <p><b>Layout</b> under the root path ({@code zk://HOST:PORT/PATH}):
 *
 * <pre>
 *  PATH/rev              revision:8 batch:8; its znode version guards every change
 *  PATH/log/BATCH        one committed batch: token:8 count:4 then (owner:8 length:4 event)...
 *  PATH/names/...        the namespace: one znode per name, data = the node (NodeCodec);
 *                        entries EPHEMERAL (owned by the binding store's session), aliases and
 *                        directories PERSISTENT
 *  PATH/kernels/SESSION  EPHEMERAL, one per open store: which sessions are alive
 * </pre>
 *
 * <p><b>Revisions and order.</b> A store commits a batch of changes as one ZooKeeper {@code multi}:
 * set {@code rev} (conditional on the version it read), create the batch's log znode, change the
 * name znodes, and delete the log znode {@value #LOG_KEPT} batches back. So every change in the
 * cluster has one revision, consecutive and in commit order, and the log is the ordered stream
 * watchers read, on any kernel, resumable from any revision it still holds. A multi that lost the
 * race to another store (the version moved) is re-planned after catching up.
 *
 * <p><b>The view.</b> Each store keeps the namespace in memory (a {@link NameTree}) by applying the
 * log in order: lookups, listings and planning read it, watches read its history. A change returns
 * once ZooKeeper committed it and this store's view applied it, so a lookup after a bind sees it;
 * another kernel's changes appear once this store has read the log (a watch on {@code rev} wakes
 * it). On start, the view is read from {@code names} while it may change, then the log is applied
 * over it from the revision read before (as ZooKeeper's own fuzzy snapshots).
 *
 * <p><b>Vanished entries.</b> ZooKeeper deletes a dead session's ephemerals without a log record.
 * Every store watches {@code kernels}; when a session's znode goes, a store whose view still holds
 * that session's entries commits an {@code UNBOUND} event for each (the version guard makes exactly
 * one store do so), so the stream records their going.
 *
 * <p><b>Failures.</b> ZooKeeper unreachable at start: {@link #open} throws disconnected after the
 * connection timeout. Connection lost mid-run: a change waits for the connection up to the
 * connection timeout, then fails with disconnected (its outcome unknown if the loss came during its
 * commit: the store checks the log for it once reconnected). Session ended: the store is broken —
 * every call and watch throws disconnected — and the owner opens a new one.
 *
 * <p><b>Threads.</b> One committer thread does every ZooKeeper write and applies the log; callers
 * block on their change's result; lookups run on the caller's thread.
 */
public final class ZooKeeperNameStore implements NameStore {
  /** How many batches the log keeps for stores that fall behind. */
  static final int LOG_KEPT = 1000;

  private static final int MAX_BATCH = 200;
  private static final int MAX_VANISHED = 2000;

  /**
   * How the store connects: {@code connect} is ZooKeeper's connect string ({@code host:port,...}),
   * {@code root} the path under which the namespace lives; {@code sessionTimeout} bounds how long a
   * dead kernel's entries outlive it; {@code connectionTimeout} how long a call waits for a lost
   * connection.
   */
  public record Options(
      String connect,
      String root,
      Duration sessionTimeout,
      Duration connectionTimeout,
      int historyCapacity,
      ThreadFactory threads) {
    public static Options of(String connect, String root) {
      return new Options(
          connect,
          root,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          65_536,
          Thread.ofPlatform().name("naming-zookeeper-", 0).factory());
    }

    public Options withTimeouts(Duration session, Duration connection) {
      return new Options(connect, root, session, connection, historyCapacity, threads);
    }

    public Options withHistoryCapacity(int n) {
      return new Options(connect, root, sessionTimeout, connectionTimeout, n, threads);
    }
  }

  private record Pending(NameChange change, CompletableFuture<Outcome> result) {}

  private static final Object WAKE = new Object();
  private static final Object KERNELS = new Object();
  private static final Object LOST = new Object();
  private static final Object STOP = new Object();

  private final Options options;
  private final String where;
  private final CuratorFramework client;
  private final long session;
  private final String revPath;
  private final String logPath;
  private final String namesPath;
  private final String kernelsPath;
  private final NameTree tree = new NameTree();
  private final EventHistory history;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Thread committer;
  private final Watcher revWatcher = e -> queue.add(WAKE);
  private final Watcher kernelsWatcher = e -> queue.add(KERNELS);
  private volatile RpcException broken;
  private volatile boolean closed;
  // Confined to the committer thread (and to open before it starts):
  private final Map<NamePath, Long> owners = new HashMap<>();
  private long batch;
  private int revVersion;
  private boolean kernelsChanged = true;

  private ZooKeeperNameStore(Options options, CuratorFramework client) throws Exception {
    this.options = options;
    this.where = "ZooKeeper at " + options.connect();
    this.client = client;
    String root = options.root().equals("/") ? "" : options.root();
    this.revPath = root + "/rev";
    this.logPath = root + "/log";
    this.namesPath = root + "/names";
    this.kernelsPath = root + "/kernels";
    for (String p : List.of(logPath, namesPath, kernelsPath)) {
      createIfMissing(p, new byte[0]);
    }
    createIfMissing(revPath, revData(0, 0));
    this.session = client.getZookeeperClient().getZooKeeper().getSessionId();
    client
        .create()
        .withMode(CreateMode.EPHEMERAL)
        .forPath(kernelsPath + "/" + Long.toHexString(session));
    load();
    this.history = new EventHistory(options.historyCapacity(), tree.revision(), tree::snapshot);
    client
        .getConnectionStateListenable()
        .addListener(
            (c, state) -> {
              if (state == ConnectionState.LOST) {
                queue.add(LOST);
              }
            });
    this.committer = options.threads().newThread(this::commitLoop);
    queue.add(KERNELS); // a first look for sessions that ended while no store watched
    committer.start();
  }

  /**
   * Connects to ZooKeeper and opens the namespace under {@code options.root()} (made if missing).
   *
   * @throws RpcException disconnected, naming the connect string, if ZooKeeper cannot be reached
   *     within the connection timeout; failed if the namespace there cannot be read
   */
  public static ZooKeeperNameStore open(Options options) {
    NamePath.parse(options.root());
    CuratorFramework client =
        CuratorFrameworkFactory.builder()
            .connectString(options.connect())
            .sessionTimeoutMs((int) options.sessionTimeout().toMillis())
            .connectionTimeoutMs((int) options.connectionTimeout().toMillis())
            .retryPolicy(new RetryNTimes(3, 200))
            .build();
    client.start();
    try {
      if (!client.blockUntilConnected(
          (int) options.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw RpcException.disconnected(
            "ZooKeeper at "
                + options.connect()
                + " is unreachable: not connected within "
                + options.connectionTimeout().toMillis()
                + " ms");
      }
      return new ZooKeeperNameStore(options, client);
    } catch (InterruptedException e) {
      client.close();
      Thread.currentThread().interrupt();
      throw RpcException.disconnected("interrupted while connecting to " + options.connect());
    } catch (RpcException e) {
      client.close();
      throw e;
    } catch (Exception e) {
      client.close();
      throw zooKeeperFailure("ZooKeeper at " + options.connect(), "opening the namespace", e);
    }
  }

  private void createIfMissing(String path, byte[] data) throws Exception {
    if (client.checkExists().forPath(path) == null) {
      try {
        client.create().creatingParentsIfNeeded().forPath(path, data);
      } catch (KeeperException.NodeExistsException raced) {
        // another store made it
      }
    }
  }

  private static byte[] revData(long revision, long batch) {
    return ByteBuffer.allocate(16).putLong(revision).putLong(batch).array();
  }

  private String znode(NamePath p) {
    return p.isRoot() ? namesPath : namesPath + p;
  }

  private String logNode(long b) {
    return String.format("%s/%020d", logPath, b);
  }

  /** Reads the namespace while it may change, then applies the log from the revision before. */
  private void load() throws Exception {
    Stat stat = new Stat();
    ByteBuffer rev = ByteBuffer.wrap(client.getData().storingStatIn(stat).forPath(revPath));
    long startRevision = rev.getLong();
    long startBatch = rev.getLong();
    List<Map.Entry<NamePath, Node>> nodes = new ArrayList<>();
    NodeCodec.Reader reader = new NodeCodec.Reader();
    List<NamePath> todo = new ArrayList<>(List.of(NamePath.ROOT));
    while (!todo.isEmpty()) {
      NamePath dir = todo.removeLast();
      List<String> children;
      try {
        children = client.getChildren().forPath(znode(dir));
      } catch (KeeperException.NoNodeException gone) {
        continue;
      }
      for (String name : children) {
        NamePath p = dir.child(name);
        Stat s = new Stat();
        byte[] data;
        try {
          data = client.getData().storingStatIn(s).forPath(znode(p));
        } catch (KeeperException.NoNodeException gone) {
          continue;
        }
        Node node = reader.readNode(ByteBuffer.wrap(data));
        nodes.add(Map.entry(p, node));
        if (s.getEphemeralOwner() != 0) {
          owners.put(p, s.getEphemeralOwner());
        }
        if (node instanceof Directory) {
          todo.add(p);
        }
      }
    }
    tree.load(nodes, startRevision);
    batch = startBatch;
    catchUp(false);
  }

  /** Reads {@code rev} (watching it) and applies the log up to it. Returns the events applied. */
  private List<NameEvent> catchUp(boolean publish) throws Exception {
    Stat stat = new Stat();
    ByteBuffer rev =
        ByteBuffer.wrap(
            client.getData().storingStatIn(stat).usingWatcher(revWatcher).forPath(revPath));
    rev.getLong();
    long lastBatch = rev.getLong();
    List<NameEvent> applied = new ArrayList<>();
    while (batch < lastBatch) {
      byte[] data;
      try {
        data = client.getData().forPath(logNode(batch + 1));
      } catch (KeeperException.NoNodeException compacted) {
        owners.clear();
        batch = 0;
        load();
        if (history != null) {
          history.reset(tree.revision());
        }
        return List.of();
      }
      Batch b = Batch.decode(data);
      List<NameEvent> events = new ArrayList<>();
      for (int i = 0; i < b.events().size(); i++) {
        NameEvent e = b.events().get(i);
        if (e.revision() > tree.revision() + events.size()) {
          events.add(e);
          track(e, b.owners().get(i));
        }
      }
      apply(events, publish);
      applied.addAll(events);
      batch++;
    }
    revVersion = stat.getVersion();
    return applied;
  }

  private void track(NameEvent e, long owner) {
    if (e.kind() == Kind.UNBOUND) {
      owners.remove(e.path());
    } else if (owner != 0) {
      owners.put(e.path(), owner);
    } else {
      owners.remove(e.path());
    }
  }

  private void apply(List<NameEvent> events, boolean publish) {
    if (events.isEmpty()) {
      return;
    }
    List<NameEvent> copy = List.copyOf(events);
    tree.applyAll(
        copy,
        () -> {
          if (publish) {
            history.append(copy);
          }
        });
  }

  /** The session this store's entries are owned by. */
  public long session() {
    return session;
  }

  @Override
  public long revision() {
    return tree.revision();
  }

  @Override
  public Lookup lookup(NamePath name) {
    checkOpen();
    return tree.lookup(name);
  }

  @Override
  public Listing list(NamePath name) {
    checkOpen();
    return tree.list(name);
  }

  @Override
  public Outcome bind(NamePath name, Entry entry) {
    return submit(new NameChange.Bind(name, entry, false));
  }

  @Override
  public Outcome rebind(NamePath name, Entry entry) {
    return submit(new NameChange.Bind(name, entry, true));
  }

  @Override
  public Outcome unbind(NamePath name) {
    if (name.isRoot()) {
      throw new IllegalArgumentException("the root / cannot be unbound");
    }
    return submit(new NameChange.Unbind(name));
  }

  @Override
  public Outcome alias(NamePath name, NamePath target) {
    return submit(new NameChange.MakeAlias(name, target));
  }

  @Override
  public WatchStart watch(NamePath prefix, long afterRevision) {
    checkOpen();
    return history.watch(prefix, afterRevision);
  }

  private void checkOpen() {
    if (closed) {
      throw RpcException.disconnected("name store on " + where + " is closed");
    }
    if (broken != null) {
      throw broken;
    }
  }

  private Outcome submit(NameChange change) {
    checkOpen();
    Pending p = new Pending(change, new CompletableFuture<>());
    queue.add(p);
    try {
      return p.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RpcException.failed(
          "interrupted while storing " + change.name() + " (it may or may not be stored)");
    } catch (ExecutionException e) {
      throw RpcException.from(e.getCause());
    }
  }

  private void commitLoop() {
    List<Pending> pending = new ArrayList<>();
    List<Object> work = new ArrayList<>();
    while (true) {
      work.clear();
      try {
        work.add(queue.take());
      } catch (InterruptedException e) {
        continue;
      }
      queue.drainTo(work);
      boolean stop = false;
      for (Object w : work) {
        if (w instanceof Pending p) {
          pending.add(p);
        } else if (w == KERNELS) {
          kernelsChanged = true;
        } else if (w == LOST) {
          breakStore(
              RpcException.disconnected(
                  where
                      + ": the session of this name store ended (unreachable for longer than"
                      + " the session timeout); its entries are gone"));
        } else if (w == STOP) {
          stop = true;
        }
      }
      if (broken != null || closed) {
        RpcException why =
            broken != null
                ? broken
                : RpcException.disconnected("name store on " + where + " is closed");
        pending.forEach(p -> p.result().completeExceptionally(why));
        pending.clear();
      } else {
        try {
          cycle(pending);
        } catch (Exception e) {
          RpcException why = zooKeeperFailure(where, "storing a change", e);
          if (e instanceof KeeperException.SessionExpiredException) {
            breakStore(why);
          }
          pending.forEach(p -> p.result().completeExceptionally(why));
          pending.clear();
        }
      }
      if (stop) {
        return;
      }
    }
  }

  private void breakStore(RpcException why) {
    if (broken == null && !closed) {
      broken = why;
      history.end(why);
    }
  }

  /** Catches up, records vanished entries, and commits the pending changes (bounded retries). */
  private void cycle(List<Pending> pending) throws Exception {
    for (int attempt = 0; ; attempt++) {
      catchUp(true);
      if (kernelsChanged) {
        kernelsChanged = false;
        Set<Long> alive = new HashSet<>();
        for (String k : client.getChildren().usingWatcher(kernelsWatcher).forPath(kernelsPath)) {
          alive.add(Long.parseUnsignedLong(k, 16));
        }
        List<NamePath> vanished = new ArrayList<>();
        owners.forEach(
            (path, owner) -> {
              if (!alive.contains(owner)) {
                vanished.add(path);
              }
            });
        if (!vanished.isEmpty()) {
          // Lost a race (another store recorded them first, or changed something) or more
          // than one batch's worth: look again after catching up.
          kernelsChanged = !commitVanished(vanished) || vanished.size() > MAX_VANISHED;
          if (kernelsChanged) {
            continue;
          }
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      List<Pending> now = new ArrayList<>(pending.subList(0, Math.min(MAX_BATCH, pending.size())));
      Attempt result = commit(now);
      if (result == Attempt.COMMITTED) {
        pending.subList(0, now.size()).clear();
        if (pending.isEmpty()) {
          return;
        }
        attempt = -1;
      } else if (result == Attempt.TREE_DIFFERS) {
        kernelsChanged = true;
        if (attempt > 5) {
          throw new IllegalStateException(
              "the names in "
                  + where
                  + " disagree with the log (an entry is gone without a"
                  + " record, and its session is still alive)");
        }
      }
      // LOST_RACE: another store committed first; catch up and plan again.
    }
  }

  private enum Attempt {
    COMMITTED,
    LOST_RACE,
    TREE_DIFFERS
  }

  private record Planned(Pending pending, long revision) {}

  private Attempt commit(List<Pending> now) throws Exception {
    OverlayTree overlay = new OverlayTree(tree);
    List<Op> ops = new ArrayList<>();
    List<NameEvent> events = new ArrayList<>();
    List<Long> eventOwners = new ArrayList<>();
    List<Planned> done = new ArrayList<>();
    List<Runnable> refusals = new ArrayList<>();
    NodeCodec.Writer w = new NodeCodec.Writer();
    long next = tree.revision() + 1;
    for (Pending p : now) {
      Plan plan;
      try {
        plan = NameRules.plan(overlay, p.change());
      } catch (RuntimeException e) {
        refusals.add(() -> p.result().completeExceptionally(e));
        continue;
      }
      switch (plan) {
        case Plan.Refused r -> refusals.add(() -> p.result().complete(r.outcome()));
        case Plan.Unchanged u -> done.add(new Planned(p, next - 1));
        case Plan.Change c -> {
          NameEvent e = c.at(next++);
          long owner = e.node().orElse(null) instanceof Entry ? session : 0;
          if (c.kind() == Kind.UP || c.kind() == Kind.DOWN || c.kind() == Kind.FAILED) {
            owner = owners.getOrDefault(e.path(), 0L);
          }
          ops.addAll(znodeOps(overlay, e, w));
          NameRules.apply(overlay, e);
          events.add(e);
          eventOwners.add(owner);
          done.add(new Planned(p, e.revision()));
        }
      }
    }
    if (!events.isEmpty()) {
      Attempt a = multi(events, eventOwners, ops);
      if (a != Attempt.COMMITTED) {
        return a;
      }
    }
    refusals.forEach(Runnable::run);
    for (Planned pl : done) {
      pl.pending().result().complete(new Done(pl.pending().change().name(), pl.revision()));
    }
    return Attempt.COMMITTED;
  }

  private boolean commitVanished(List<NamePath> vanished) throws Exception {
    List<NameEvent> events = new ArrayList<>();
    List<Long> eventOwners = new ArrayList<>();
    long next = tree.revision() + 1;
    for (NamePath p : vanished.subList(0, Math.min(vanished.size(), MAX_VANISHED))) {
      events.add(new NameEvent(next++, Kind.UNBOUND, p, Optional.empty()));
      eventOwners.add(owners.get(p));
    }
    return multi(events, eventOwners, List.of()) == Attempt.COMMITTED;
  }

  private List<Op> znodeOps(OverlayTree before, NameEvent e, NodeCodec.Writer w) {
    List<Op> ops = new ArrayList<>();
    NamePath path = e.path();
    switch (e.kind()) {
      case UNBOUND -> ops.add(Op.delete(znode(path), -1));
      case BOUND -> {
        for (int i = 1; i < path.depth(); i++) {
          NamePath dir = path.prefix(i);
          if (before.node(dir) == null) {
            ops.add(
                Op.create(znode(dir), data(w, Directory.DIRECTORY), acl(), CreateMode.PERSISTENT));
          }
        }
        ops.add(create(path, e.node().orElseThrow(), w));
      }
      case REBOUND -> {
        ops.add(Op.delete(znode(path), -1));
        ops.add(create(path, e.node().orElseThrow(), w));
      }
      case UP, DOWN, FAILED ->
          ops.add(Op.setData(znode(path), data(w, e.node().orElseThrow()), -1));
    }
    return ops;
  }

  private Op create(NamePath path, Node node, NodeCodec.Writer w) {
    CreateMode mode = node instanceof Alias ? CreateMode.PERSISTENT : CreateMode.EPHEMERAL;
    return Op.create(znode(path), data(w, node), acl(), mode);
  }

  private static List<org.apache.zookeeper.data.ACL> acl() {
    return ZooDefs.Ids.OPEN_ACL_UNSAFE;
  }

  private static byte[] data(NodeCodec.Writer w, Node node) {
    w.reset();
    NodeCodec.writeNode(w, node);
    return w.toByteArray();
  }

  /** Commits one batch; on success applies it to the view and the history. */
  private Attempt multi(List<NameEvent> events, List<Long> eventOwners, List<Op> nameOps)
      throws Exception {
    long token = ThreadLocalRandom.current().nextLong();
    List<Op> ops = new ArrayList<>(nameOps.size() + 3);
    long last = events.getLast().revision();
    ops.add(Op.setData(revPath, revData(last, batch + 1), revVersion));
    ops.add(
        Op.create(
            logNode(batch + 1),
            Batch.encode(token, events, eventOwners),
            acl(),
            CreateMode.PERSISTENT));
    ops.addAll(nameOps);
    if (batch + 1 - LOG_KEPT >= 1) {
      ops.add(Op.delete(logNode(batch + 1 - LOG_KEPT), -1));
    }
    ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
    try {
      zk.multi(ops);
    } catch (KeeperException.ConnectionLossException lost) {
      if (!client.blockUntilConnected(
          (int) options.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw lost;
      }
      return landed(token) ? Attempt.COMMITTED : Attempt.LOST_RACE;
    } catch (KeeperException failed) {
      List<OpResult> results = failed.getResults();
      if (results != null
          && !results.isEmpty()
          && results.getFirst() instanceof OpResult.ErrorResult first
          && first.getErr() == KeeperException.Code.BADVERSION.intValue()) {
        return Attempt.LOST_RACE;
      }
      if (failed.code() == KeeperException.Code.BADVERSION) {
        return Attempt.LOST_RACE;
      }
      if (failed.code() == KeeperException.Code.NONODE
          || failed.code() == KeeperException.Code.NODEEXISTS) {
        return Attempt.TREE_DIFFERS;
      }
      throw failed;
    }
    for (int i = 0; i < events.size(); i++) {
      track(events.get(i), eventOwners.get(i));
    }
    apply(events, true);
    batch++;
    revVersion++;
    return Attempt.COMMITTED;
  }

  /** After a connection loss during a commit: whether the batch with {@code token} landed. */
  private boolean landed(long token) throws Exception {
    long before = batch;
    catchUp(true);
    for (long b = before + 1; b <= batch; b++) {
      try {
        if (Batch.decode(client.getData().forPath(logNode(b))).token() == token) {
          return true;
        }
      } catch (KeeperException.NoNodeException compacted) {
        // too old to be ours
      }
    }
    return false;
  }

  static RpcException zooKeeperFailure(String where, String doing, Exception e) {
    if (e instanceof RpcException r) {
      return r;
    }
    if (e instanceof KeeperException.ConnectionLossException
        || e instanceof KeeperException.SessionExpiredException
        || e instanceof KeeperException.OperationTimeoutException) {
      return new RpcException(
          RpcException.Kind.DISCONNECTED,
          where + ": connection lost while " + doing + " (" + e.getMessage() + ")",
          e);
    }
    return new RpcException(RpcException.Kind.FAILED, where + ": " + doing + " failed: " + e, e);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      committer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RpcException closedNow = RpcException.disconnected("name store on " + where + " is closed");
    // Changes queued by callers that raced with close, after the committer stopped.
    for (Object w = queue.poll(); w != null; w = queue.poll()) {
      if (w instanceof Pending p) {
        p.result().completeExceptionally(closedNow);
      }
    }
    history.end(closedNow);
    client.close();
  }
}
