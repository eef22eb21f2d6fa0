package corral.naming.tree;

import corral.naming.Alias;
import corral.naming.AliasLoop;
import corral.naming.AliasTooDeep;
import corral.naming.Directory;
import corral.naming.Entry;
import corral.naming.Found;
import corral.naming.Lookup;
import corral.naming.NamePath;
import corral.naming.Node;
import corral.naming.NotADirectory;
import corral.naming.NotFound;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a name in a tree, following aliases at any segment: {@code /dev/serial/by-id/x} with
 * {@code /dev/serial -> /dev/tty} continues at {@code /dev/tty/by-id/x}.
 *
 * <pre>
 *   node at the path?  entry or directory ─▶ Found
 *        │ alias                 │ none
 *        ▼                       ▼
 *   follow it            walk the segments from the root:
 *   (target + rest)        missing ─▶ NotFound, entry ─▶ NotADirectory, alias ─▶ follow it
 * </pre>
 *
 * A name that exists is found with one look at the tree (a node's parents are directories, so no
 * segment above it can be an alias). Following the same alias twice is a loop; following more than
 * {@link Alias#MAX_HOPS} is too deep.
 */
public final class Resolver {
  private Resolver() {}

  /** What {@code name} resolves to in {@code tree}. */
  public static Lookup resolve(TreeView tree, NamePath name) {
    Node fast = tree.entryOrDirectory(name);
    if (fast != null) {
      return new Found(name, name, fast);
    }
    NamePath path = name;
    List<NamePath> chain = new ArrayList<>(List.of(name));
    Set<NamePath> followed = new HashSet<>();
    while (true) {
      Node node = tree.node(path);
      if (node instanceof Entry || node instanceof Directory) {
        return new Found(name, path, node);
      }
      NamePath aliasAt = null;
      Alias alias = null;
      if (node instanceof Alias a) {
        aliasAt = path;
        alias = a;
      } else {
        for (int i = 1; i < path.depth(); i++) {
          NamePath p = path.prefix(i);
          Node above = tree.node(p);
          if (above == null) {
            return new NotFound(name, p);
          }
          if (above instanceof Entry) {
            return new NotADirectory(name, p, above);
          }
          if (above instanceof Alias a) {
            aliasAt = p;
            alias = a;
            break;
          }
        }
        if (alias == null) {
          return new NotFound(name, path);
        }
      }
      NamePath next;
      try {
        next = alias.target().withTail(path, aliasAt.depth());
      } catch (IllegalArgumentException tooLong) {
        return new NotFound(name, aliasAt);
      }
      if (!followed.add(aliasAt)) {
        return new AliasLoop(name, chain);
      }
      chain.add(next);
      if (followed.size() > Alias.MAX_HOPS) {
        return new AliasTooDeep(name, chain);
      }
      path = next;
    }
  }
}
