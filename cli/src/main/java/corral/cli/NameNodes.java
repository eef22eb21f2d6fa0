package corral.cli;

import corral.classes.NamingSchema;
import corral.classes.NamingSchema.Status;
import corral.runtime.cap.Capability;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How the naming verbs show names: one map per name, printed as a table row or JSON. */
final class NameNodes {
  private NameNodes() {}

  static final String HEADER =
      String.format(
          "%-24s %-10s %-18s %-8s %-7s %s",
          "NAME", "DRIVER", "INSTANCE", "HOST", "STATE", "PUBLISHED");

  /** {@code node} at {@code path}: its kind and what it holds. */
  static Map<String, Object> of(String path, NamingSchema.Node.Reader node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", path);
    switch (node.which()) {
      case DIRECTORY -> m.put("kind", "directory");
      case ALIAS -> {
        m.put("kind", "alias");
        m.put("target", node.getAlias().toString());
      }
      case ENTRY -> {
        NamingSchema.Entry.Reader e = node.getEntry();
        m.put("kind", "entry");
        m.put("instance", Capability.hexId(e.getInstanceId()));
        m.put("driver", e.getDriver().toString());
        m.put("kernel", e.getKernel().toString());
        m.put("host", e.getHost().toString());
        m.put("state", e.getState().name().toLowerCase(Locale.ROOT));
        m.put("publishedCap", e.getPublishedCap().toString());
      }
      default -> m.put("kind", "unknown");
    }
    return m;
  }

  /** One table row. */
  static String row(Map<String, Object> m) {
    return switch ((String) m.get("kind")) {
      case "directory" -> m.get("name") + "/";
      case "alias" -> String.format("%-24s -> %s", m.get("name"), m.get("target"));
      case "entry" ->
          String.format(
                  "%-24s %-10s %-18s %-8s %-7s %s",
                  m.get("name"),
                  m.get("driver"),
                  m.get("instance"),
                  m.get("host"),
                  m.get("state"),
                  ((String) m.get("publishedCap")).isEmpty() ? "" : "yes")
              .stripTrailing();
      default -> m.get("name") + " (of a kind this corral does not know)";
    };
  }

  /** Prints a row, or the map as one line of JSON. */
  static void print(PrintWriter out, Map<String, Object> m, boolean json) {
    out.println(json ? Json.write(m) : row(m));
  }

  /**
   * Throws the service's sentence for a result that is not {@code expected}.
   *
   * @throws Corral.BadInput with the message naming the path
   */
  static void expect(NamingSchema.Result.Reader result, Status expected) {
    if (result.getStatus() != expected) {
      throw new Corral.BadInput(result.getMessage().toString());
    }
  }
}
