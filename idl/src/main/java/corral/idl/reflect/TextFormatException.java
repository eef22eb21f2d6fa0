package corral.idl.reflect;

/**
 * Text that is not a valid struct literal for the expected type. The message names the problem, the
 * field and struct involved, and the position, e.g. {@code unknown field 'foo' in Person at 1:12};
 * {@link #line()} and {@link #column()} give the position (both from 1) on their own.
 */
public final class TextFormatException extends IllegalArgumentException {
  private final int line;
  private final int column;

  TextFormatException(String problem, int line, int column) {
    super(problem + " at " + line + ":" + column);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
