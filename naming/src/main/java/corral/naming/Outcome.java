package corral.naming;

/**
 * The result of a change (bind, rebind, unbind, alias): {@link Done} with the revision that made
 * it, or why the store refused it, unchanged: {@link Exists}, {@link NotFound}, {@link
 * NotADirectory}, {@link NotEmpty}, {@link AliasLoop}, {@link AliasTooDeep}. Failures to store a
 * change (the disk, ZooKeeper) are not outcomes but {@link corral.runtime.rpc.RpcException}s.
 */
public sealed interface Outcome
    permits Done, Exists, NotFound, NotADirectory, NotEmpty, AliasLoop, AliasTooDeep {
  /** The name the change was about. */
  NamePath name();

  /** A sentence for a user, naming the path and what was wrong (or what was done). */
  String message();
}
