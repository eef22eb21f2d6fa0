package corral.runtime.testing;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 binding for tests (in place of slf4j-simple): every event goes to the {@link
 * LogCapture}s open at the time; an event no capture took is printed to standard error if it is a
 * WARN or ERROR — so a passing run shows only warnings nobody expected. INFO is printed too, and
 * DEBUG enabled and printed, when the system property {@code corral.test.log} is {@code info} or
 * {@code debug}.
 *
 * <p>SLF4J finds it through {@code ServiceLoader}, once per JVM; that binding is the one piece of
 * JVM-wide state here ({@link #captures}), which is why captures register with it.
 */
public final class TestLogProvider implements SLF4JServiceProvider {
  /** The captures open now, in every thread. */
  static final List<LogCapture> captures = new CopyOnWriteArrayList<>();

  private static final Level PRINTED =
      switch (System.getProperty("corral.test.log", "warn")) {
        case "debug" -> Level.DEBUG;
        case "info" -> Level.INFO;
        default -> Level.WARN;
      };

  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return name -> loggers.computeIfAbsent(name, RecordingLogger::new);
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  static void log(LogEvent e) {
    boolean taken = false;
    for (LogCapture c : captures) {
      taken |= c.offer(e);
    }
    if (!taken && e.level().toInt() >= PRINTED.toInt()) {
      synchronized (System.err) {
        System.err.println(e);
        if (e.thrown() != null) {
          e.thrown().printStackTrace(System.err);
        }
      }
    }
  }

  /** A logger that formats its events and hands them to {@link #log}. */
  private static final class RecordingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    RecordingLogger(String name) {
      this.name = name;
    }

    private static boolean enabled(Level level) {
      return level.toInt() >= Math.min(PRINTED.toInt(), Level.INFO.toInt());
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
      log(
          new LogEvent(
              level,
              name,
              Thread.currentThread().getName(),
              MessageFormatter.basicArrayFormat(pattern, arguments),
              thrown));
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }
}
