package corral.naming;

import java.util.Objects;

/**
 * A symbolic link to {@code target}, as {@code /dev/ttyS0 -> /dev/serial/by-id/...}: lookups and
 * listings through the alias's name continue at the target. The target need not exist (a dangling
 * alias resolves to "not found"); an alias that would close a loop, or lengthen a chain beyond
 * {@value #MAX_HOPS} aliases, is refused when made and reported when resolved.
 */
public record Alias(NamePath target) implements Node {
  /** The most aliases one resolution follows. */
  public static final int MAX_HOPS = 16;

  public Alias {
    Objects.requireNonNull(target, "target");
  }

  @Override
  public String kind() {
    return "alias";
  }
}
