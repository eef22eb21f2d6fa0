package corral.naming;

/**
 * The change to {@code name} is stored (durably: on disk, or in ZooKeeper) as {@code revision};
 * watchers see it as the event of that revision.
 */
public record Done(NamePath name, long revision) implements Outcome {
  @Override
  public String message() {
    return name + ": done at revision " + revision;
  }
}
