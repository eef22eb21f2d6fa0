package corral.naming;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolving {@code name} comes back to a name it already passed: {@code chain} is the names
 * visited, first to the repeated one. A new alias that would close such a loop is refused with
 * this, the store unchanged.
 */
public record AliasLoop(NamePath name, List<NamePath> chain) implements Lookup, Listing, Outcome {
  public AliasLoop {
    chain = List.copyOf(chain);
  }

  @Override
  public String message() {
    return name
        + ": alias loop "
        + chain.stream().map(NamePath::toString).collect(Collectors.joining(" -> "));
  }
}
