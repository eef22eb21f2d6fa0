package corral.naming.tree;

import corral.naming.NamePath;
import corral.naming.Node;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tree that records changes over a base it leaves alone: how a store plans a batch of changes,
 * each seeing the ones before it, before any of them is durable. Confined to one thread; the base
 * must not change while the overlay is in use.
 */
public final class OverlayTree implements MutableTree {
  private final TreeView base;
  private final Map<NamePath, Optional<Node>> changed = new HashMap<>();
  private final Map<NamePath, Integer> childDelta = new HashMap<>();

  public OverlayTree(TreeView base) {
    this.base = base;
  }

  @Override
  public Node node(NamePath path) {
    Optional<Node> mine = changed.get(path);
    return mine != null ? mine.orElse(null) : base.node(path);
  }

  @Override
  public int childCount(NamePath path) {
    return base.childCount(path) + childDelta.getOrDefault(path, 0);
  }

  @Override
  public void put(NamePath path, Node node) {
    if (node(path) == null) {
      childDelta.merge(path.parent(), 1, Integer::sum);
    }
    changed.put(path, Optional.of(node));
  }

  @Override
  public void remove(NamePath path) {
    if (node(path) != null) {
      childDelta.merge(path.parent(), -1, Integer::sum);
    }
    changed.put(path, Optional.empty());
  }
}
