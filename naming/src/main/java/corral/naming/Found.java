package corral.naming;

/**
 * {@code name} resolves, through any aliases, to {@code resolved}, which holds {@code node}: an
 * {@link Entry} or a {@link Directory} (never an {@link Alias}).
 */
public record Found(NamePath name, NamePath resolved, Node node) implements Lookup {}
