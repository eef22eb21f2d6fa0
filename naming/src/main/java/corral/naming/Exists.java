package corral.naming;

/**
 * {@code name} is already bound, to {@code existing}: bind and alias never replace a name, and
 * rebind replaces only entries and aliases, never a directory.
 */
public record Exists(NamePath name, Node existing) implements Outcome {
  @Override
  public String message() {
    return name + ": already bound (to " + describe(existing) + ")";
  }

  static String describe(Node node) {
    return switch (node) {
      case Entry e -> "instance " + Long.toUnsignedString(e.instanceId(), 16) + " of " + e.driver();
      case Alias a -> "an alias to " + a.target();
      case Directory d -> "a directory";
    };
  }
}
