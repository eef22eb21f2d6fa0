package corral.naming.tree;

import corral.naming.NamePath;
import corral.naming.Node;

/** A tree that {@link NameRules#apply} changes; the caller keeps the parent invariant. */
public interface MutableTree extends TreeView {
  /** Binds {@code path} to {@code node}, replacing what was there; its parent is a directory. */
  void put(NamePath path, Node node);

  /** Removes {@code path} (bound, and holding no names). */
  void remove(NamePath path);
}
