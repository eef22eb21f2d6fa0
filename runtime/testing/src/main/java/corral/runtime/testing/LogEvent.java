package corral.runtime.testing;

import org.slf4j.event.Level;

/**
 * One event logged through SLF4J while tests ran, its message formatted.
 *
 * @param thrown the throwable logged with it, or null
 */
public record LogEvent(
    Level level, String logger, String thread, String message, Throwable thrown) {

  /** The event as one line on standard error prints it. */
  @Override
  public String toString() {
    return "[" + thread + "] " + level + " " + logger + " - " + message;
  }
}
