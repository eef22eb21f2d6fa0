package corral.naming.rpc;

import corral.naming.Alias;
import corral.naming.AliasLoop;
import corral.naming.AliasTooDeep;
import corral.naming.Directory;
import corral.naming.Done;
import corral.naming.Entry;
import corral.naming.Exists;
import corral.naming.Found;
import corral.naming.Listed;
import corral.naming.Listing;
import corral.naming.Location;
import corral.naming.Lookup;
import corral.naming.NamePath;
import corral.naming.NameStore;
import corral.naming.Node;
import corral.naming.NotADirectory;
import corral.naming.NotEmpty;
import corral.naming.NotFound;
import corral.naming.Outcome;
import corral.naming.schema.NamingSchema;
import corral.naming.schema.NamingSchema.NameService;
import corral.naming.schema.NamingSchema.Status;
import corral.runtime.rpc.RpcException;
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
    BIND,
    UNBIND
  }

  private final NameStore store;
  private final NamePath root;
  private final Set<Right> rights;

  public StoreNameService(NameStore store, NamePath root, Set<Right> rights) {
    this.store = store;
    this.root = root;
    this.rights = rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights);
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
    if (!rights.contains(right)) {
      throw RpcException.failed(
          "this capability for "
              + root
              + " does not grant "
              + right.name().toLowerCase(java.util.Locale.ROOT)
              + " (asked for "
              + path
              + ")");
    }
    return path;
  }

  @Override
  protected void lookup(
      NameService.LookupParams.Reader params, NameService.LookupResults.Builder results) {
    Lookup l = store.lookup(name(params.getName().toString(), Right.LOOKUP));
    switch (l) {
      case Found f -> {
        setResult(results.initResult(), Status.FOUND, f.name() + ": found", 0);
        results.setResolved(f.resolved().toString());
        writeNode(results.initNode(), f.node());
      }
      case NotFound n -> setResult(results.initResult(), Status.NOT_FOUND, n.message(), 0);
      case NotADirectory n -> setResult(results.initResult(), Status.NOT_DIRECTORY, n.message(), 0);
      case AliasLoop a -> setResult(results.initResult(), Status.ALIAS_LOOP, a.message(), 0);
      case AliasTooDeep a -> setResult(results.initResult(), Status.ALIAS_TOO_DEEP, a.message(), 0);
    }
  }

  @Override
  protected void list(
      NameService.ListParams.Reader params, NameService.ListResults.Builder results) {
    Listing l = store.list(name(params.getName().toString(), Right.LIST));
    switch (l) {
      case Listed d -> {
        setResult(results.initResult(), Status.LISTED, d.name() + ": listed", 0);
        results.setResolved(d.resolved().toString());
        var children = results.initChildren(d.children().size());
        int i = 0;
        for (Map.Entry<String, Node> c : d.children().entrySet()) {
          NamingSchema.Child.Builder b = children.get(i++);
          b.setName(c.getKey());
          writeNode(b.initNode(), c.getValue());
        }
      }
      case NotFound n -> setResult(results.initResult(), Status.NOT_FOUND, n.message(), 0);
      case NotADirectory n -> setResult(results.initResult(), Status.NOT_DIRECTORY, n.message(), 0);
      case AliasLoop a -> setResult(results.initResult(), Status.ALIAS_LOOP, a.message(), 0);
      case AliasTooDeep a -> setResult(results.initResult(), Status.ALIAS_TOO_DEEP, a.message(), 0);
    }
  }

  @Override
  protected void bind(
      NameService.BindParams.Reader params, NameService.BindResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.BIND);
    writeOutcome(results.initResult(), store.bind(n, readEntry(params.getEntry())));
  }

  @Override
  protected void rebind(
      NameService.RebindParams.Reader params, NameService.RebindResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.BIND);
    writeOutcome(results.initResult(), store.rebind(n, readEntry(params.getEntry())));
  }

  @Override
  protected void unbind(
      NameService.UnbindParams.Reader params, NameService.UnbindResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.UNBIND);
    if (n.isRoot()) {
      throw RpcException.failed("the root / cannot be unbound");
    }
    writeOutcome(results.initResult(), store.unbind(n));
  }

  @Override
  protected void alias(
      NameService.AliasParams.Reader params, NameService.AliasResults.Builder results) {
    NamePath n = name(params.getName().toString(), Right.BIND);
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
    if (r.getBind()) {
      asked.add(Right.BIND);
    }
    if (r.getUnbind()) {
      asked.add(Right.UNBIND);
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

  private static void setResult(
      NamingSchema.Result.Builder r, Status status, String message, long revision) {
    r.setStatus(status);
    r.setMessage(message);
    r.setRevision(revision);
  }

  private static void writeOutcome(NamingSchema.Result.Builder r, Outcome o) {
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
    setResult(r, s, o.message(), o instanceof Done d ? d.revision() : 0);
  }

  private static void writeNode(NamingSchema.Node.Builder b, Node node) {
    switch (node) {
      case Directory d -> b.setDirectory();
      case Alias a -> b.setAlias(a.target().toString());
      case Entry e -> writeEntry(b.initEntry(), e);
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
