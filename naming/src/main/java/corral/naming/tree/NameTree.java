package corral.naming.tree;

import corral.naming.Alias;
import corral.naming.Directory;
import corral.naming.Found;
import corral.naming.Listed;
import corral.naming.Listing;
import corral.naming.Lookup;
import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.Node;
import corral.naming.Snapshot;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A namespace in memory at one revision: the state every store keeps and serves reads from.
 *
 * <p><b>Threads.</b> One writer at a time ({@link #applyAll}, {@link #load}) under the write lock;
 * {@link #lookup} reads without a lock (the nodes are in a concurrent map, and a name that exists
 * has directories above it, so one read finds it); {@link #list} and {@link #snapshot} take the
 * read lock, so they see one revision. {@link #node} and {@link #childCount} without the lock are
 * for the writer's own thread (planning) only.
 */
public final class NameTree implements TreeView {
  // Replaced (pre-sized) only by load, which runs before the tree is shared.
  // Entries and directories; aliases apart, so that a lookup of an entry finds it without
  // reading the node (at 10^6 names that read is a cache miss: a fifth of the lookup).
  private volatile ConcurrentHashMap<NamePath, Node> nodes = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<NamePath, Node> aliases = new ConcurrentHashMap<>();
  // The names in each non-empty directory, in no order (listings sort them). Guarded by lock.
  // The keys of nodes themselves, so a name costs no object of its own here.
  private final HashMap<NamePath, HashSet<NamePath>> children = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile long revision;

  private final MutableTree writer =
      new MutableTree() {
        @Override
        public Node node(NamePath path) {
          return NameTree.this.node(path);
        }

        @Override
        public int childCount(NamePath path) {
          return NameTree.this.childCount(path);
        }

        @Override
        public void put(NamePath path, Node node) {
          // The new node goes in before the old one leaves the other map: a reader without the
          // lock sees one or the other, never neither.
          boolean alias = node instanceof Alias;
          Node before = alias ? aliases.put(path, node) : nodes.put(path, node);
          Node other = alias ? nodes.remove(path) : aliases.remove(path);
          if (before == null && other == null) {
            children.computeIfAbsent(path.parent(), p -> new HashSet<>()).add(path);
          }
        }

        @Override
        public void remove(NamePath path) {
          if (nodes.remove(path) != null | aliases.remove(path) != null) {
            NamePath parent = path.parent();
            HashSet<NamePath> siblings = children.get(parent);
            siblings.remove(path);
            if (siblings.isEmpty()) {
              children.remove(parent);
            }
          }
        }
      };

  /** The revision of the last event applied. */
  public long revision() {
    return revision;
  }

  /** How many names are bound, directories included (the root not counted). */
  public int size() {
    return nodes.size() + aliases.size();
  }

  @Override
  public Node node(NamePath path) {
    if (path.isRoot()) {
      return Directory.DIRECTORY;
    }
    Node n = nodes.get(path);
    return n != null ? n : aliases.get(path);
  }

  @Override
  public Node entryOrDirectory(NamePath path) {
    return path.isRoot() ? Directory.DIRECTORY : nodes.get(path);
  }

  @Override
  public int childCount(NamePath path) {
    HashSet<NamePath> names = children.get(path);
    return names == null ? 0 : names.size();
  }

  /** What {@code name} resolves to now. */
  public Lookup lookup(NamePath name) {
    return Resolver.resolve(this, name);
  }

  /** The directory {@code name} resolves to, with its names, at one revision. */
  public Listing list(NamePath name) {
    lock.readLock().lock();
    try {
      Lookup found = Resolver.resolve(this, name);
      return switch (found) {
        case Found f when f.node() instanceof Directory -> {
          TreeMap<String, Node> listed = new TreeMap<>();
          for (NamePath child : children.getOrDefault(f.resolved(), new HashSet<>())) {
            listed.put(child.name(), node(child));
          }
          yield new Listed(name, f.resolved(), listed);
        }
        case Found f -> new corral.naming.NotADirectory(name, f.resolved(), f.node());
        case Listing other -> other;
        default -> throw new IllegalStateException("unexpected " + found);
      };
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Applies {@code events} (consecutive revisions after this tree's), then runs {@code whileLocked}
   * before readers can see a later revision: how a store publishes the events to its watchers at
   * the same instant as to its readers.
   */
  public void applyAll(List<NameEvent> events, Runnable whileLocked) {
    lock.writeLock().lock();
    try {
      for (NameEvent e : events) {
        if (e.revision() != revision + 1) {
          throw new IllegalStateException(
              "event of revision " + e.revision() + " applied to a tree at " + revision);
        }
        NameRules.apply(writer, e);
        revision = e.revision();
      }
      whileLocked.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Replaces the whole tree by {@code loaded} at {@code rev}, in any order; each node's parents
   * must be among them (or be the root).
   */
  public void load(Collection<Map.Entry<NamePath, Node>> loaded, long rev) {
    load(loaded.size(), rev, sink -> loaded.forEach(e -> sink.accept(e.getKey(), e.getValue())));
  }

  /**
   * Replaces the whole tree by the nodes {@code source} hands its sink (about {@code expected} of
   * them, in any order; each node's parents among them or the root), at {@code rev}: how a store
   * loads a snapshot as it reads it, holding no second copy.
   */
  public void load(int expected, long rev, Consumer<BiConsumer<NamePath, Node>> source) {
    lock.writeLock().lock();
    try {
      nodes = new ConcurrentHashMap<>(Math.max(16, expected * 2));
      aliases = new ConcurrentHashMap<>();
      children.clear();
      source.accept(writer::put);
      revision = rev;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Every node with its path, in no order, at {@link #revision()} (which is also returned). */
  public long copyAll(List<Map.Entry<NamePath, Node>> into) {
    lock.readLock().lock();
    try {
      for (Map.Entry<NamePath, Node> e : nodes.entrySet()) {
        into.add(Map.entry(e.getKey(), e.getValue()));
      }
      for (Map.Entry<NamePath, Node> e : aliases.entrySet()) {
        into.add(Map.entry(e.getKey(), e.getValue()));
      }
      return revision;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every name under {@code prefix} (itself included unless it is the root), at one revision. */
  public Snapshot snapshot(NamePath prefix) {
    lock.readLock().lock();
    try {
      TreeMap<NamePath, Node> out = new TreeMap<>();
      visit(prefix, out::put);
      return new Snapshot(revision, out);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Calls {@code visitor} with each name under {@code prefix}, parents before children. */
  public void visit(NamePath prefix, BiConsumer<NamePath, Node> visitor) {
    lock.readLock().lock();
    try {
      ArrayDeque<NamePath> todo = new ArrayDeque<>();
      if (!prefix.isRoot()) {
        Node n = node(prefix);
        if (n == null) {
          return;
        }
        visitor.accept(prefix, n);
      }
      todo.add(prefix);
      while (!todo.isEmpty()) {
        NamePath dir = todo.poll();
        Collection<NamePath> names = children.get(dir);
        if (names == null) {
          continue;
        }
        for (NamePath p : names) {
          Node n = node(p);
          visitor.accept(p, n);
          if (n instanceof Directory) {
            todo.add(p);
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }
}
