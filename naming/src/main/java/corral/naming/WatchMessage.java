package corral.naming;

/** What a {@link Watch} delivers: events in revision order, after a snapshot if one was due. */
public sealed interface WatchMessage permits NameEvent, Snapshot {
  /** The revision the watcher has seen once it has taken this message. */
  long revision();
}
