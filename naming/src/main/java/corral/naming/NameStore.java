package corral.naming;

/**
 * The namespace: names such as {@code /dev/disk0} bound to {@link Entry entries}, {@link Alias
 * aliases} and {@link Directory directories}, with a stream of its changes.
 *
 * <p><b>Results and failures.</b> Expected outcomes are values: a name not found, a name that
 * exists, a directory not empty, an alias loop ({@link Lookup}, {@link Listing}, {@link Outcome}).
 * A refused change leaves the store unchanged. Failures of the store itself — the disk, a lost
 * ZooKeeper session, a closed store — are {@link corral.runtime.rpc.RpcException}s: {@code
 * disconnected} when the store is closed or cannot reach its backing, {@code failed} otherwise.
 * Malformed names are refused by {@link NamePath#parse} before they reach a store.
 *
 * <p><b>Durability and order.</b> A change returns {@link Done} only once it is durable (on disk,
 * or committed by ZooKeeper). Changes have consecutive revisions in the order the store applied
 * them; a lookup after a change returned sees it (or a later one).
 *
 * <p><b>Threads.</b> Thread-safe; every method blocks its caller until it has the answer (run many
 * callers on virtual threads for concurrency: concurrent changes share one disk flush or one
 * ZooKeeper transaction). The caller owns the store and closes it; closing ends all watches.
 */
public interface NameStore extends AutoCloseable {
  /** The revision of the last change applied (0 for an empty, new store). */
  long revision();

  /** What {@code name} resolves to, following aliases at any segment. */
  Lookup lookup(NamePath name);

  /** The names in the directory {@code name} (following aliases to reach it). */
  Listing list(NamePath name);

  /**
   * Binds {@code name} to {@code entry}, making missing directories above it. Refused with {@link
   * Exists} if the name is bound, {@link NotADirectory} if a name above it is an entry or an alias
   * (binds do not follow aliases). Event: {@link NameEvent.Kind#BOUND}.
   */
  Outcome bind(NamePath name, Entry entry);

  /**
   * Binds {@code name} to {@code entry}, replacing the entry or alias bound there, if any. Refused
   * with {@link Exists} if the name is a directory, {@link NotADirectory} as {@link #bind}. Event:
   * {@code BOUND} if the name was free; {@code UP}, {@code DOWN} or {@code FAILED} if the entry
   * there differed only in its state; {@code REBOUND} otherwise (an identical rebind changes
   * nothing and makes no event, but still returns {@link Done}).
   */
  Outcome rebind(NamePath name, Entry entry);

  /**
   * Removes {@code name}: an entry, an alias (not its target), or an empty directory. Refused with
   * {@link NotFound}, or {@link NotEmpty} for a directory that holds names. Event: {@code UNBOUND}.
   *
   * @throws IllegalArgumentException for the root
   */
  Outcome unbind(NamePath name);

  /**
   * Binds {@code name} as an alias to {@code target}, which need not exist yet. Refused as {@link
   * #bind}, and with {@link AliasLoop} or {@link AliasTooDeep} if resolving the target would pass
   * through {@code name} or follow too many aliases. Event: {@code BOUND}.
   */
  Outcome alias(NamePath name, NamePath target);

  /**
   * A stream of the changes to {@code prefix} and the names under it, after revision {@code
   * afterRevision} (pass {@link #revision()} for changes from now on, 0 for everything since the
   * start when the store still keeps it). Refused with {@link FutureRevision} if {@code
   * afterRevision} is beyond the store's revision. Aliases under the prefix are reported as names,
   * not followed.
   *
   * @throws IllegalArgumentException for a negative revision
   */
  WatchStart watch(NamePath prefix, long afterRevision);

  /** Closes the store: later calls and open watches throw disconnected. Idempotent. */
  @Override
  void close();
}
