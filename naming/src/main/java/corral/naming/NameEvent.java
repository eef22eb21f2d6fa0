package corral.naming;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of the namespace, as watchers receive it: the {@code revision} that made it (each
 * change has its own, in the order the store applied them), what happened to {@code path}, and the
 * node bound there afterwards (absent for {@link Kind#UNBOUND}).
 *
 * <p>A directory made on the way to a bound name is not an event of its own: a watcher that keeps a
 * copy makes the directories above a bound name, as the store did.
 */
public record NameEvent(long revision, Kind kind, NamePath path, Optional<Node> node)
    implements WatchMessage {

  /** What happened to the path. */
  public enum Kind {
    /** A name was bound (an entry or an alias) where there was none. */
    BOUND,
    /** The name is gone (unbound, or its kernel's ZooKeeper session ended). */
    UNBOUND,
    /** The name now holds a different entry or alias. */
    REBOUND,
    /** The entry is the same but for its state, which is now down. */
    DOWN,
    /** The entry is the same but for its state, which is now up. */
    UP,
    /** The entry is the same but for its state, which is now failed. */
    FAILED
  }

  public NameEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(node, "node");
    if (node.isPresent() == (kind == Kind.UNBOUND)) {
      throw new IllegalArgumentException(
          kind + " event for " + path + (node.isPresent() ? " carries a node" : " lacks a node"));
    }
  }
}
