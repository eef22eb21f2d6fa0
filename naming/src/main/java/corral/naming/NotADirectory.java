package corral.naming;

/**
 * The way to {@code name} passes through {@code blocker}, which is not a directory but {@code
 * node}: names live only in directories, and a bind never follows an alias on its way.
 */
public record NotADirectory(NamePath name, NamePath blocker, Node node)
    implements Lookup, Listing, Outcome {
  @Override
  public String message() {
    return blocker.equals(name)
        ? name + ": not a directory (it is " + Exists.describe(node) + ")"
        : name + ": " + blocker + " is not a directory (it is " + Exists.describe(node) + ")";
  }
}
