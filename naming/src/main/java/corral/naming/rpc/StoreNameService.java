package corral.naming.rpc;

import corral.classes.NamingSchema;
import corral.classes.NamingSchema.NameService;
import corral.classes.NamingSchema.Status;
import corral.naming.Alias;
import corral.naming.AliasLoop;
import corral.naming.AliasTooDeep;
import corral.naming.Directory;
import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Exists;
import corral.naming.Found;
import corral.naming.FutureRevision;
import corral.naming.Listed;
import corral.naming.Listing;
import corral.naming.Location;
import corral.naming.Lookup;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.NameStore;
import corral.naming.Node;
import corral.naming.NotADirectory;
import corral.naming.NotEmpty;
import corral.naming.NotFound;
import corral.naming.Outcome;
import corral.naming.Snapshot;
import corral.naming.Watch;
import corral.naming.WatchMessage;
import corral.naming.Watching;
import corral.runtime.rpc.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link NameStore} served as the Cap'n Proto {@code NameService} (naming.capnp), for one
 * directory subtree with a set of rights: a directory capability. The kernel serves the root with
 * every right; {@code directory} hands out narrower ones (a subtree, fewer rights), and nothing
 * widens them. A name outside the subtree or a call without its right fails with {@code failed}
 * naming the path, the directory and the right, and changes nothing.
 *
 * <p>Calls run on the RPC engine's dispatch threads (they block on the store, so the service is not
 * {@code nonBlocking}); the store is shared, not owned: closing the service's clients leaves the
 * store open.
 */
public final class StoreNameService extends NameService.Server {
  /** What a directory capability may do. */
  public enum Right {
    LOOKUP,
    LIST,
    WATCH,
    BIND,
    UNBIND,
    /** Binding, replacing and unbinding entries: the kernel's, which keeps them in step. */
    INSTANCES
  }

  private final NameStore store;
  private final NamePath root;
  private final Set<Right> rights;
  private volatile boolean ownsStore;

  public StoreNameService(NameStore store, NamePath root, Set<Right> rights) {
    super(true); // the store is thread-safe, and concurrent changes share one flush
    this.store = store;
    this.root = root;
    this.rights = rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights);
  }

  /**
   * A local client of {@link #root} that owns {@code store}: how a kernel in the same process is
   * given its namespace. The store is closed when the last reference to this root is released (the
   * capabilities {@code directory} made from it then fail disconnected).
   */
  public static NameService.Client serve(NameStore store) {
    StoreNameService root = root(store);
    root.ownsStore = true;
    return new NameService.Client(corral.runtime.rpc.Client.of(root));
  }

  @Override
  protected void released() {
    if (ownsStore) {
      store.close();
    }
  }

  /** The root of {@code store} with every right: what the kernel holds. */
  public static StoreNameService root(NameStore store) {
    return new StoreNameService(store, NamePath.ROOT, EnumSet.allOf(Right.class));
  }

  private NamePath name(String text, Right right) {
    NamePath path;
    try {
      path = NamePath.parse(text);
    } catch (IllegalArgumentException bad) {
      throw RpcException.failed(bad.getMessage());
    }
    if (!path.isUnder(root)) {
      throw RpcException.failed(path + " is outside the directory " + root + " of this capability");
    }
    require(right, path);
    return path;
  }

  private void require(Right right, NamePath path) {
    if (!rights.contains(right)) {
      throw RpcException.failed(
          right == Right.INSTANCES
              ? path
                  + " is an instance's entry, which only its kernel binds, replaces or unbinds"
                  + " (plug, unplug, swap): this capability for "
                  + root
                  + " does not grant instances"
              : "this capability for "
                  + root
                  + " does not grant "
                  + right.name().toLowerCase(java.util.Locale.ROOT)
                  + " (asked for "
                  + path
                  + ")");
    }
  }

  /** Whether {@code name} itself (no alias followed) holds an entry. */
  private boolean holdsEntry(NamePath name) {
    return store.lookup(name) instanceof Found f
        && f.resolved().equals(name)
        && f.node() instanceof Entry;
  }

  @Override
  protected void lookup(
      NameService.LookupParams.Reader params, NameService.LookupResults.Builder results) {
    NamePath asked = name(params.getName().toString(), Right.LOOKUP);
    long revision = store.revision();
    Lookup l = store.lookup(asked);
    if (l instanceof Found f) {
      setResult(results.initResult(), Status.FOUND, f.name() + ": found", revision);
      results.setResolved(f.resolved().toString());
      writeNode(results.initNode(), f.node());
    } else {
      writeOutcome(results.initResult(), (Outcome) l, revision); // the refusals are outcomes too
    }
  }

  @Override
  protected void list(
      NameService.ListParams.Reader params, NameService.ListResults.Builder results) {
    NamePath asked = name(params.getName().toString(), Right.LIST);
    long revision = store.revision();
    Listing l = store.list(asked);
    if (l instanceof Listed d) {
      setResult(results.initResult(), Status.LISTED, d.name() + ": listed", revision);
      results.setResolved(d.resolved().toString());
      var children = results.initChildren(d.children().size());
      int i = 0;
      for (Map.Entry<String, Node> c : d.children().entrySet()) {
        NamingSchema.Child.Builder b = children.get(i++);
        b.setName(c.getKey());
        writeNode(b.initNode(), c.getValue());
      }
    } else {
      writeOutcome(results.initResult(), (Outcome) l, revision);
    }
  }

  @Override
  protected void bind(
      NameService.BindParams.Reader params, NameService.BindResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.BIND);
    require(Right.INSTANCES, n);
    writeOutcome(results.initResult(), store.bind(n, readEntry(params.getEntry())));
  }

  @Override
  protected void rebind(
      NameService.RebindParams.Reader params, NameService.RebindResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.BIND);
    require(Right.INSTANCES, n);
    writeOutcome(results.initResult(), store.rebind(n, readEntry(params.getEntry())));
  }

  @Override
  protected void unbind(
      NameService.UnbindParams.Reader params, NameService.UnbindResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.UNBIND);
    if (n.isRoot()) {
      throw RpcException.failed("the root / cannot be unbound");
    }
    if (!rights.contains(Right.INSTANCES) && holdsEntry(n)) {
      require(Right.INSTANCES, n);
    }
    writeOutcome(results.initResult(), store.unbind(n));
  }

  @Override
  protected void alias(
      NameService.AliasParams.Reader params, NameService.AliasResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.BIND);
    if (!rights.contains(Right.INSTANCES) && holdsEntry(n)) {
      require(Right.INSTANCES, n); // an alias bound over an entry would replace it
    }
    NamePath target;
    try {
      target = NamePath.parse(params.getTarget().toString());
    } catch (IllegalArgumentException bad) {
      throw RpcException.failed(bad.getMessage());
    }
    writeOutcome(results.initResult(), store.alias(n, target));
  }

  @Override
  protected void directory(
      NameService.DirectoryParams.Reader params, NameService.DirectoryResults.Builder results) {
    NamePath sub;
    try {
      sub = NamePath.parse(params.getName().toString());
    } catch (IllegalArgumentException bad) {
      throw RpcException.failed(bad.getMessage());
    }
    if (!sub.isUnder(root)) {
      throw RpcException.failed(sub + " is outside the directory " + root + " of this capability");
    }
    NamingSchema.Rights.Reader r = params.getRights();
    List<Right> asked = new ArrayList<>();
    if (r.getLookup()) {
      asked.add(Right.LOOKUP);
    }
    if (r.getList()) {
      asked.add(Right.LIST);
    }
    if (r.getWatch()) {
      asked.add(Right.WATCH);
    }
    if (r.getBind()) {
      asked.add(Right.BIND);
    }
    if (r.getUnbind()) {
      asked.add(Right.UNBIND);
    }
    if (r.getInstances()) {
      asked.add(Right.INSTANCES);
    }
    for (Right right : asked) {
      if (!rights.contains(right)) {
        throw RpcException.failed(
            "this capability for "
                + root
                + " does not grant "
                + right.name().toLowerCase(java.util.Locale.ROOT)
                + ", so it cannot hand it out for "
                + sub);
      }
    }
    results.setDirectory(
        new StoreNameService(store, sub, asked.isEmpty() ? Set.of() : EnumSet.copyOf(asked)));
  }

  @Override
  protected void watch(
      NameService.WatchParams.Reader params, NameService.WatchResults.Builder results) {
    NamePath prefix = name(params.getPrefix().toString(), Right.WATCH);
    long after = params.getAfterRevision();
    if (after < 0) {
      throw RpcException.failed("afterRevision " + Long.toUnsignedString(after) + " is too large");
    }
    switch (store.watch(prefix, after)) {
      case Watching w -> {
        setResult(
            results.initResult(),
            Status.WATCHING,
            prefix + ": watching after revision " + after,
            after);
        results.setWatch(new WatchStream(w.watch()));
      }
      case FutureRevision f ->
          setResult(results.initResult(), Status.FUTURE_REVISION, f.message(), store.revision());
    }
  }

  @Override
  protected void revision(
      NameService.RevisionParams.Reader params, NameService.RevisionResults.Builder results) {
    results.setRevision(store.revision());
  }

  private static void setResult(
      NamingSchema.Result.Builder r, Status status, String message, long revision) {
    r.setStatus(status);
    r.setMessage(message);
    r.setRevision(revision);
  }

  private static void writeOutcome(NamingSchema.Result.Builder r, Outcome o) {
    writeOutcome(r, o, 0);
  }

  /** {@code o} as a result; a refusal carries {@code revision}, {@code Done} its own. */
  private static void writeOutcome(NamingSchema.Result.Builder r, Outcome o, long revision) {
    Status s =
        switch (o) {
          case Done d -> Status.DONE;
          case Exists e -> Status.EXISTS;
          case NotFound n -> Status.NOT_FOUND;
          case NotADirectory n -> Status.NOT_DIRECTORY;
          case NotEmpty n -> Status.NOT_EMPTY;
          case AliasLoop a -> Status.ALIAS_LOOP;
          case AliasTooDeep a -> Status.ALIAS_TOO_DEEP;
        };
    setResult(r, s, o.message(), o instanceof Done d ? d.revision() : revision);
  }

  private static void writeNode(NamingSchema.Node.Builder b, Node node) {
    switch (node) {
      case Directory d -> b.setDirectory();
      case Alias a -> b.setAlias(a.target().toString());
      case Entry e -> writeEntry(b.initEntry(), e);
    }
  }

  /** A store's {@link Watch} served as {@code Watch}: long polls, one at a time. */
  private static final class WatchStream extends NamingSchema.Watch.Server {
    private static final int MAX_MESSAGES = 10_000;
    private static final int MAX_WAIT_MILLIS = 60_000;
    private final Watch watch;

    WatchStream(Watch watch) {
      this.watch = watch;
    }

    @Override
    protected void next(
        NamingSchema.Watch.NextParams.Reader params,
        NamingSchema.Watch.NextResults.Builder results) {
      long max = Integer.toUnsignedLong(params.getMaxMessages());
      long wait = Integer.toUnsignedLong(params.getWaitMillis());
      if (max < 1 || max > MAX_MESSAGES) {
        throw RpcException.failed("maxMessages " + max + " is not 1 to " + MAX_MESSAGES);
      }
      if (wait > MAX_WAIT_MILLIS) {
        throw RpcException.failed("waitMillis " + wait + " is above " + MAX_WAIT_MILLIS);
      }
      List<WatchMessage> taken = new ArrayList<>();
      Optional<WatchMessage> m = watch.next(Duration.ofMillis(wait));
      while (m.isPresent()) {
        taken.add(m.get());
        m = taken.size() < max ? watch.next(Duration.ZERO) : Optional.empty();
      }
      var list = results.initMessages(taken.size());
      for (int i = 0; i < taken.size(); i++) {
        NamingSchema.WatchMessage.Builder b = list.get(i);
        b.setRevision(taken.get(i).revision());
        switch (taken.get(i)) {
          case NameEvent e -> {
            NamingSchema.Event.Builder eb = b.initEvent();
            eb.setKind(NamingSchema.EventKind.values()[e.kind().ordinal()]);
            eb.setPath(e.path().toString());
            e.node().ifPresent(node -> writeNode(eb.initNode(), node));
          }
          case Snapshot s -> {
            var named = b.initSnapshot(s.nodes().size());
            int j = 0;
            for (Map.Entry<NamePath, Node> n : s.nodes().entrySet()) {
              named.get(j).setPath(n.getKey().toString());
              writeNode(named.get(j).initNode(), n.getValue());
              j++;
            }
          }
        }
      }
    }

    @Override
    protected void released() {
      watch.close();
    }
  }

  /** Writes {@code e} into {@code b} (the published cap's text included). */
  public static void writeEntry(NamingSchema.Entry.Builder b, Entry e) {
    b.setInstanceId(e.instanceId());
    var interfaces = b.initInterfaces(e.interfaces().size());
    for (int i = 0; i < e.interfaces().size(); i++) {
      interfaces.set(i, new org.capnproto.Text.Reader(e.interfaces().get(i)));
    }
    b.setDriver(e.driver());
    b.setKernel(e.servedBy().kernel());
    b.setHost(e.servedBy().host());
    b.setState(
        switch (e.state()) {
          case UP -> NamingSchema.State.UP;
          case DOWN -> NamingSchema.State.DOWN;
          case FAILED -> NamingSchema.State.FAILED;
        });
    b.setPublishedCap(e.publishedCap().orElse(""));
  }

  /** The entry {@code r} describes. */
  public static Entry readEntry(NamingSchema.Entry.Reader r) {
    List<String> interfaces = new ArrayList<>();
    for (var t : r.getInterfaces()) {
      interfaces.add(t.toString());
    }
    String cap = r.getPublishedCap().toString();
    return new Entry(
        r.getInstanceId(),
        interfaces,
        r.getDriver().toString(),
        new Location(r.getKernel().toString(), r.getHost().toString()),
        switch (r.getState()) {
          case UP -> Entry.State.UP;
          case DOWN -> Entry.State.DOWN;
          case FAILED -> Entry.State.FAILED;
          default -> throw RpcException.failed("unknown entry state " + r.getState());
        },
        cap.isEmpty() ? Optional.empty() : Optional.of(cap));
  }
}
