package corral.naming;

/**
 * The answer to {@link NameStore#watch}: {@link Watching} with the stream, or {@link
 * FutureRevision} when asked to start after a revision the store has not reached.
 */
public sealed interface WatchStart permits Watching, FutureRevision {}
