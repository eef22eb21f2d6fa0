package corral.regdsl.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the diagnostics of one compilation and knows the text of every file read, so that each
 * message can show its source line with a caret. Confined to the compiling thread.
 */
public final class Diagnostics {
  private final Map<String, String[]> sources = new HashMap<>();
  private final List<Diagnostic> list = new ArrayList<>();

  /** Registers the text of a file so later diagnostics can quote it. */
  public void addSource(String name, String text) {
    sources.put(name, text.split("\r?\n", -1));
  }

  public void error(Pos pos, String message) {
    list.add(new Diagnostic(Diagnostic.Severity.ERROR, pos, message, lineOf(pos)));
  }

  public void warning(Pos pos, String message) {
    list.add(new Diagnostic(Diagnostic.Severity.WARNING, pos, message, lineOf(pos)));
  }

  public boolean hasErrors() {
    return list.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
  }

  public List<Diagnostic> all() {
    return List.copyOf(list);
  }

  /**
   * @throws DescriptionException carrying every diagnostic so far, when any is an error
   */
  public void throwIfErrors() {
    if (hasErrors()) {
      throw new DescriptionException(list);
    }
  }

  private String lineOf(Pos pos) {
    String[] lines = sources.get(pos.file());
    if (lines == null || pos.line() < 1 || pos.line() > lines.length) {
      return "";
    }
    return lines[pos.line() - 1];
  }
}
