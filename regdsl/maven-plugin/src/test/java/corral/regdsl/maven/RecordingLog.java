package corral.regdsl.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * Keeps what a goal logs as {@code level: message} lines, for tests to assert, instead of printing
 * it.
 */
final class RecordingLog implements Log {
  private final List<String> lines = new ArrayList<>();

  List<String> lines() {
    return List.copyOf(lines);
  }

  private void add(String level, CharSequence message, Throwable error) {
    lines.add(level + ": " + (message != null ? message : error));
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public void debug(CharSequence message) {
    add("debug", message, null);
  }

  @Override
  public void debug(CharSequence message, Throwable error) {
    add("debug", message, error);
  }

  @Override
  public void debug(Throwable error) {
    add("debug", null, error);
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public void info(CharSequence message) {
    add("info", message, null);
  }

  @Override
  public void info(CharSequence message, Throwable error) {
    add("info", message, error);
  }

  @Override
  public void info(Throwable error) {
    add("info", null, error);
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public void warn(CharSequence message) {
    add("warn", message, null);
  }

  @Override
  public void warn(CharSequence message, Throwable error) {
    add("warn", message, error);
  }

  @Override
  public void warn(Throwable error) {
    add("warn", null, error);
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public void error(CharSequence message) {
    add("error", message, null);
  }

  @Override
  public void error(CharSequence message, Throwable error) {
    add("error", message, error);
  }

  @Override
  public void error(Throwable error) {
    add("error", null, error);
  }
}
