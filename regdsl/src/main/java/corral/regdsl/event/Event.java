package corral.regdsl.event;

/**
 * One delivery on an event line.
 *
 * @param line the line's name
 * @param raises how many raises this delivery stands for (at least 1; more when coalesced)
 * @param sequence 1 for the line's first delivery, then counting up
 */
public record Event(String line, long raises, long sequence) {}
