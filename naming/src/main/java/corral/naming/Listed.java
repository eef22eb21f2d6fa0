package corral.naming;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The directory {@code name} (at {@code resolved} after aliases) holds {@code children}: each name
 * in it, in order, to its node. Aliases among them are shown, not followed.
 */
public record Listed(NamePath name, NamePath resolved, SortedMap<String, Node> children)
    implements Listing {
  public Listed {
    children = Collections.unmodifiableSortedMap(new TreeMap<>(children));
  }
}
