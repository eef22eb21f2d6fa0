package corral.naming;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every name under a watch's prefix (the prefix included, if bound) as of {@code revision}: sent
 * first to a watcher that asked to resume from a revision older than the store keeps, in place of
 * the events it can no longer have; the events after {@code revision} follow.
 */
public record Snapshot(long revision, SortedMap<NamePath, Node> nodes) implements WatchMessage {
  public Snapshot {
    nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
  }
}
