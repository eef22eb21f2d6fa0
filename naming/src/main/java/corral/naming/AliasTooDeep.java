package corral.naming;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolving {@code name} needs more than {@link Alias#MAX_HOPS} aliases; {@code chain} is the names
 * visited. A new alias that would make such a chain is refused with this.
 */
public record AliasTooDeep(NamePath name, List<NamePath> chain)
    implements Lookup, Listing, Outcome {
  public AliasTooDeep {
    chain = List.copyOf(chain);
  }

  @Override
  public String message() {
    return name
        + ": more than "
        + Alias.MAX_HOPS
        + " aliases to follow ("
        + chain.stream().map(NamePath::toString).collect(Collectors.joining(" -> "))
        + ")";
  }
}
