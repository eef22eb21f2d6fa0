package corral.naming;

/**
 * {@code name} does not exist: {@code missing} is the first name on the way that does not (the name
 * itself, a directory above it, or, after an alias, a name in the alias's target).
 */
public record NotFound(NamePath name, NamePath missing) implements Lookup, Listing, Outcome {
  @Override
  public String message() {
    return missing.equals(name)
        ? name + ": no such name"
        : name + ": no such name (" + missing + " does not exist)";
  }
}
