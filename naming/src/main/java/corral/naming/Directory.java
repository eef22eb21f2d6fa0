package corral.naming;

/**
 * A directory: it holds names and nothing else. Directories are made by binding a name under them
 * (as {@code mkdir -p}) and stay until they are unbound, which is refused while they hold names.
 * The root {@code /} is always a directory and cannot be unbound.
 */
public record Directory() implements Node {
  /** The one value (a directory carries nothing). */
  public static final Directory DIRECTORY = new Directory();

  @Override
  public String kind() {
    return "directory";
  }
}
