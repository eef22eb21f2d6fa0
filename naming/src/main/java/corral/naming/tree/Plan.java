package corral.naming.tree;

import corral.naming.NameEvent;
import corral.naming.NamePath;
import corral.naming.Node;
import corral.naming.Outcome;
import java.util.Optional;

/** What a change does to a tree: refused, nothing, or one event (its revision still to come). */
public sealed interface Plan {
  /** Refused with {@code outcome}; the tree stays as it is. */
  record Refused(Outcome outcome) implements Plan {}

  /** Accepted, but the tree already is as asked (an identical rebind): no event. */
  record Unchanged(NamePath name) implements Plan {}

  /** Accepted: the event that makes the change, once given a revision. */
  record Change(NameEvent.Kind kind, NamePath path, Optional<Node> node) implements Plan {
    public NameEvent at(long revision) {
      return new NameEvent(revision, kind, path, node);
    }
  }
}
