package corral.naming;

/**
 * What {@link NameStore#list} found: {@link Listed} (a directory's names, after following aliases),
 * or why not: {@link NotFound}, {@link NotADirectory} (the name or a segment on the way is an
 * entry), {@link AliasLoop}, {@link AliasTooDeep}.
 */
public sealed interface Listing permits Listed, NotFound, NotADirectory, AliasLoop, AliasTooDeep {
  /** The name asked for. */
  NamePath name();
}
