package corral.regdsl.lang;

/**
 * One message of the compiler, with the offending source line and a caret under the column.
 *
 * <pre>
 * uart.reg:12:5: error: field 'b' [3:2] overlaps field 'a' [2:0] in register CTRL
 *     b [3:2] : uint;
 *     ^
 * </pre>
 *
 * @param sourceLine the text of the line {@code pos} points into, or empty when unknown
 */
public record Diagnostic(Severity severity, Pos pos, String message, String sourceLine) {

  /** Errors stop code generation; warnings do not. */
  public enum Severity {
    ERROR,
    WARNING;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The message in the {@code file:line:col: error: text} form, followed by line and caret. */
  public String render() {
    var out = new StringBuilder();
    out.append(pos).append(": ").append(severity.label()).append(": ").append(message);
    if (!sourceLine.isEmpty()) {
      out.append('\n').append(sourceLine).append('\n');
      for (int i = 1; i < pos.col(); i++) {
        out.append(i - 1 < sourceLine.length() && sourceLine.charAt(i - 1) == '\t' ? '\t' : ' ');
      }
      out.append('^');
    }
    return out.toString();
  }
}
