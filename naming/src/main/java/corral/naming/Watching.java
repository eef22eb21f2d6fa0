package corral.naming;

/** The watch asked for; the caller owns it and closes it. */
public record Watching(Watch watch) implements WatchStart {}
