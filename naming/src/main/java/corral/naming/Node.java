package corral.naming;

/**
 * What a name is bound to: an {@link Entry} (an instance), an {@link Alias} (a symbolic link to
 * another name) or a {@link Directory} (holds names). Values; immutable.
 */
public sealed interface Node permits Entry, Alias, Directory {
  /** {@code entry}, {@code alias} or {@code directory}, for messages. */
  String kind();
}
