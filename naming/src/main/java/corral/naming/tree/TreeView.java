package corral.naming.tree;

import corral.naming.NamePath;
import corral.naming.Node;

/**
 * Read access to a namespace's nodes, as the {@link Resolver} and {@link NameRules} need it. The
 * root is always a directory. Invariant of every tree: a node's parent is a directory.
 */
public interface TreeView {
  /** The node bound at {@code path} (the root: a directory), or null. */
  Node node(NamePath path);

  /**
   * The entry or directory bound at {@code path}, or null (nothing, or an alias): the resolver's
   * first look, which a tree may answer without reading the node.
   */
  default Node entryOrDirectory(NamePath path) {
    Node n = node(path);
    return n instanceof corral.naming.Alias ? null : n;
  }

  /** How many names the directory {@code path} holds (0 if it is not a directory). */
  int childCount(NamePath path);
}
