package corral.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.event.Level;

/**
 * The events of the loggers under a name prefix, from every thread, while it is open: a test that
 * expects a warning opens one around the block that causes it and asserts on {@link #events()}
 * instead of letting it print. Events it takes are not printed. Needs {@link TestLogProvider} as
 * the SLF4J binding (this module on the test class path, and no other binding).
 *
 * <pre>
 *   try (LogCapture logs = LogCapture.of("corral.runtime.rpc")) {
 *     ... the block ...
 *     assertEquals(List.of("aborting ..."), logs.messages(Level.WARN));
 *   }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {
  private final String prefix;
  private final List<LogEvent> events = new ArrayList<>();

  private LogCapture(String prefix) {
    this.prefix = prefix;
  }

  /** Starts capturing the events of loggers whose name starts with {@code loggerPrefix}. */
  public static LogCapture of(String loggerPrefix) {
    LogCapture c = new LogCapture(loggerPrefix);
    TestLogProvider.captures.add(c);
    return c;
  }

  boolean offer(LogEvent e) {
    if (!e.logger().startsWith(prefix)) {
      return false;
    }
    synchronized (events) {
      events.add(e);
    }
    return true;
  }

  /** The events taken so far, in the order they were logged. */
  public List<LogEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The messages of the events of {@code level} taken so far. */
  public List<String> messages(Level level) {
    return events().stream().filter(e -> e.level() == level).map(LogEvent::message).toList();
  }

  /** The events taken so far that {@code which} accepts. */
  public List<LogEvent> events(Predicate<LogEvent> which) {
    return events().stream().filter(which).toList();
  }

  /** Stops capturing; later events are printed or captured elsewhere. */
  @Override
  public void close() {
    TestLogProvider.captures.remove(this);
  }

  @Override
  public String toString() {
    return "LogCapture[" + prefix + ", " + events().size() + " events]";
  }
}
