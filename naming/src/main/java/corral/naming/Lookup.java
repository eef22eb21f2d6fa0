package corral.naming;

/**
 * What {@link NameStore#lookup} found: {@link Found} (an entry or a directory, after following
 * aliases), or why not: {@link NotFound}, {@link NotADirectory} (a segment on the way is an entry),
 * {@link AliasLoop}, {@link AliasTooDeep}.
 */
public sealed interface Lookup permits Found, NotFound, NotADirectory, AliasLoop, AliasTooDeep {
  /** The name asked for. */
  NamePath name();
}
