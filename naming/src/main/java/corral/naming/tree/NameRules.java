package corral.naming.tree;

import corral.naming.Alias;
import corral.naming.AliasLoop;
import corral.naming.AliasTooDeep;
import corral.naming.Directory;
import corral.naming.Entry;
import corral.naming.Exists;
import corral.naming.Lookup;
import corral.naming.NameEvent;
import corral.naming.NameEvent.Kind;
import corral.naming.NamePath;
import corral.naming.Node;
import corral.naming.NotADirectory;
import corral.naming.NotEmpty;
import corral.naming.NotFound;
import java.util.Optional;

/**
 * The namespace's semantics, shared by every store: what a change does to a tree ({@link #plan})
 * and how an event changes it ({@link #apply}). A store plans each change against its tree (plus
 * the changes before it in the same batch), stores the events, and applies them; a watcher or a
 * recovering store that applies the same events in order gets the same tree.
 */
public final class NameRules {
  private NameRules() {}

  /** What {@code change} does to {@code tree}. */
  public static Plan plan(TreeView tree, NameChange change) {
    return switch (change) {
      case NameChange.Bind b -> planBind(tree, b.name(), b.entry(), b.replace());
      case NameChange.Unbind u -> planUnbind(tree, u.name());
      case NameChange.MakeAlias a -> planAlias(tree, a.name(), a.target());
    };
  }

  private static Plan planBind(TreeView tree, NamePath name, Entry entry, boolean replace) {
    if (name.isRoot()) {
      return new Plan.Refused(new Exists(name, Directory.DIRECTORY));
    }
    NotADirectory blocked = blockedWay(tree, name);
    if (blocked != null) {
      return new Plan.Refused(blocked);
    }
    Node existing = tree.node(name);
    if (existing == null) {
      return new Plan.Change(Kind.BOUND, name, Optional.of(entry));
    }
    if (!replace || existing instanceof Directory) {
      return new Plan.Refused(new Exists(name, existing));
    }
    if (existing instanceof Entry old && old.sameInstanceAs(entry)) {
      if (old.state() == entry.state()) {
        return new Plan.Unchanged(name);
      }
      Kind kind =
          switch (entry.state()) {
            case UP -> Kind.UP;
            case DOWN -> Kind.DOWN;
            case FAILED -> Kind.FAILED;
          };
      return new Plan.Change(kind, name, Optional.of(entry));
    }
    return new Plan.Change(Kind.REBOUND, name, Optional.of(entry));
  }

  private static Plan planUnbind(TreeView tree, NamePath name) {
    if (name.isRoot()) {
      throw new IllegalArgumentException("the root / cannot be unbound");
    }
    Node existing = tree.node(name);
    if (existing == null) {
      NotADirectory blocked = blockedWay(tree, name);
      if (blocked != null) {
        return new Plan.Refused(blocked);
      }
      return new Plan.Refused(new NotFound(name, firstMissing(tree, name)));
    }
    int children = tree.childCount(name);
    if (existing instanceof Directory && children > 0) {
      return new Plan.Refused(new NotEmpty(name, children));
    }
    return new Plan.Change(Kind.UNBOUND, name, Optional.empty());
  }

  private static Plan planAlias(TreeView tree, NamePath name, NamePath target) {
    if (name.isRoot()) {
      return new Plan.Refused(new Exists(name, Directory.DIRECTORY));
    }
    NotADirectory blocked = blockedWay(tree, name);
    if (blocked != null) {
      return new Plan.Refused(blocked);
    }
    Node existing = tree.node(name);
    if (existing != null) {
      return new Plan.Refused(new Exists(name, existing));
    }
    Alias alias = new Alias(target);
    TreeView with =
        new TreeView() {
          @Override
          public Node node(NamePath path) {
            return path.equals(name) ? alias : tree.node(path);
          }

          @Override
          public int childCount(NamePath path) {
            return tree.childCount(path);
          }
        };
    Lookup resolved = Resolver.resolve(with, name);
    if (resolved instanceof AliasLoop loop) {
      return new Plan.Refused(loop);
    }
    if (resolved instanceof AliasTooDeep deep) {
      return new Plan.Refused(deep);
    }
    return new Plan.Change(Kind.BOUND, name, Optional.of(alias));
  }

  /** The first name above {@code name} that is bound but not a directory, or null. */
  private static NotADirectory blockedWay(TreeView tree, NamePath name) {
    for (int i = 1; i < name.depth(); i++) {
      NamePath p = name.prefix(i);
      Node n = tree.node(p);
      if (n == null) {
        return null;
      }
      if (!(n instanceof Directory)) {
        return new NotADirectory(name, p, n);
      }
    }
    return null;
  }

  private static NamePath firstMissing(TreeView tree, NamePath name) {
    for (int i = 1; i < name.depth(); i++) {
      NamePath p = name.prefix(i);
      if (tree.node(p) == null) {
        return p;
      }
    }
    return name;
  }

  /**
   * Applies {@code event} to {@code tree}: an unbound name is removed; a bound one is put, with the
   * directories above it made where missing.
   */
  public static void apply(MutableTree tree, NameEvent event) {
    NamePath path = event.path();
    if (event.kind() == Kind.UNBOUND) {
      tree.remove(path);
      return;
    }
    for (int i = 1; i < path.depth(); i++) {
      NamePath p = path.prefix(i);
      if (tree.node(p) == null) {
        tree.put(p, Directory.DIRECTORY);
      }
    }
    tree.put(path, event.node().orElseThrow());
  }
}
