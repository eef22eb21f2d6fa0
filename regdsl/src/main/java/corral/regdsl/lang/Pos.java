package corral.regdsl.lang;

/**
 * A position in a description: file name as the user gave it, 1-based line and column.
 *
 * <p>SVD imports use the line of the XML element and column 1.
 */
public record Pos(String file, int line, int col) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + col;
  }
}
