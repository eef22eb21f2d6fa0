package corral.naming.tree;

import corral.naming.Entry;
import corral.naming.NamePath;

/** A change a caller asked for, before {@link NameRules#plan} decides what it does. */
public sealed interface NameChange {
  NamePath name();

  /** bind ({@code replace} false) or rebind ({@code replace} true). */
  record Bind(NamePath name, Entry entry, boolean replace) implements NameChange {}

  record Unbind(NamePath name) implements NameChange {}

  record MakeAlias(NamePath name, NamePath target) implements NameChange {}
}
