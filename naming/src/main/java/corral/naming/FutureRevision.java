package corral.naming;

/**
 * A watch after revision {@code asked} was refused: the store is only at {@code current}. (A
 * revision from another store, or from before this store lost its data, is the likely cause.)
 */
public record FutureRevision(NamePath prefix, long asked, long current) implements WatchStart {
  public String message() {
    return "watch " + prefix + " after revision " + asked + ": the store is at revision " + current;
  }
}
