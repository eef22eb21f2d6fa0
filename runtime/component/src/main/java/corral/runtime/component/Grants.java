package corral.runtime.component;

import corral.regdsl.event.Event;
import corral.regdsl.event.EventLineReceiver;
import corral.regdsl.event.RateLimit;
import corral.regdsl.window.MappedFileRegisterWindow;
import corral.regdsl.window.RegisterWindow;
import corral.regdsl.window.WindowGrant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The register windows and event lines the kernel granted one instance, opened by its host: each
 * window maps exactly its granted range (regdsl's {@link MappedFileRegisterWindow}), each event
 * line listens on its socket for the device model ({@link EventLineReceiver}). The driver reaches
 * them through {@link DriverContext#window} and {@link DriverContext#onEvent} by the names its
 * descriptor declared; a name not granted is refused. Closed with the instance. Thread-safe.
 */
public final class Grants implements AutoCloseable {
  /** No window and no event line. */
  public static final Grants NONE = new Grants("", Map.of(), Map.of());

  /** A window to open: {@code name} is the driver's, {@code resource} the kernel's. */
  public record Window(String name, String resource, Path file, long base, long length) {}

  /** An event line to listen on. */
  public record Line(String name, String resource, Path doorbell, Path socket) {}

  private final String owner;
  private final Map<String, RegisterWindow> windows;
  private final Map<String, EventLineReceiver> lines;

  private Grants(
      String owner, Map<String, RegisterWindow> windows, Map<String, EventLineReceiver> lines) {
    this.owner = owner;
    this.windows = windows;
    this.lines = lines;
  }

  /**
   * Opens every grant of the instance {@code owner}; on failure closes what was opened.
   *
   * @throws IOException naming the resource that cannot be opened
   */
  public static Grants open(String owner, List<Window> windows, List<Line> lines)
      throws IOException {
    Map<String, RegisterWindow> w = new LinkedHashMap<>();
    Map<String, EventLineReceiver> l = new LinkedHashMap<>();
    Grants g = new Grants(owner, w, l);
    try {
      for (Window win : windows) {
        try {
          w.put(
              win.name(),
              MappedFileRegisterWindow.open(
                  new WindowGrant(owner, win.file().toString(), win.base(), win.length())));
        } catch (IOException | IllegalArgumentException e) {
          throw new IOException("register window " + win.resource() + ": " + e.getMessage(), e);
        }
      }
      for (Line line : lines) {
        try {
          l.put(
              line.name(),
              EventLineReceiver.listen(
                  owner + "." + line.name(),
                  line.doorbell(),
                  line.socket(),
                  RateLimit.unlimited()));
        } catch (IOException e) {
          throw new IOException("event line " + line.resource() + ": " + e.getMessage(), e);
        }
      }
      return g;
    } catch (IOException e) {
      g.close();
      throw e;
    }
  }

  /** The window granted under {@code name}. */
  RegisterWindow window(String name) {
    RegisterWindow w = windows.get(name);
    if (w == null) {
      throw new IllegalArgumentException(
          owner + " has no register window '" + name + "'; granted: " + names(windows));
    }
    return w;
  }

  /** Delivers the events of the line granted under {@code name} to {@code handler}. */
  void onEvent(String name, Consumer<Event> handler) {
    EventLineReceiver line = lines.get(name);
    if (line == null) {
      throw new IllegalArgumentException(
          owner + " has no event line '" + name + "'; granted: " + names(lines));
    }
    line.start(handler);
  }

  private static String names(Map<String, ?> m) {
    return m.isEmpty() ? "none" : String.join(", ", m.keySet());
  }

  /** Unmaps the windows and stops the lines; a failure is logged by the caller's context. */
  @Override
  public void close() {
    List<Exception> failures = new ArrayList<>();
    for (EventLineReceiver r : lines.values()) {
      try {
        r.close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
    for (RegisterWindow w : windows.values()) {
      try {
        w.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException e =
          new IllegalStateException("closing the grants of " + owner + " failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }
}
