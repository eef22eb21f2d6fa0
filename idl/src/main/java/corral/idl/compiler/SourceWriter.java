package corral.idl.compiler;

/**
 * Accumulates Java source text with two-space indentation. Lines are appended whole; {@link #open}
 * and {@link #close} bracket a block and move the indentation.
 *
 * <p>Not thread-safe: one writer per generated file, used by one thread.
 */
final class SourceWriter {
  private final StringBuilder out = new StringBuilder();
  private int depth;

  /** Appends one line at the current indentation; an empty string appends a blank line. */
  SourceWriter line(String text) {
    if (!text.isEmpty()) {
      out.repeat("  ", depth);
    }
    out.append(text).append('\n');
    return this;
  }

  /** Appends {@code text} and opens a block: the following lines are indented one level more. */
  SourceWriter open(String text) {
    line(text);
    depth++;
    return this;
  }

  /** Closes the innermost block with {@code text} (usually {@code "}"}). */
  SourceWriter close(String text) {
    depth--;
    return line(text);
  }

  /**
   * Appends a javadoc comment made from a schema doc comment; nothing when {@code doc} is blank.
   */
  SourceWriter javadoc(String doc) {
    return doc == null || doc.isBlank() ? this : rawJavadoc(escapeJavadoc(doc.strip()));
  }

  /**
   * Appends one javadoc comment: the schema doc comment {@code doc} (escaped; may be null or blank)
   * followed by a paragraph {@code contract} that is already javadoc.
   */
  SourceWriter javadoc(String doc, String contract) {
    return doc == null || doc.isBlank()
        ? rawJavadoc(contract)
        : rawJavadoc(escapeJavadoc(doc.strip()) + "\n\n<p>" + contract);
  }

  /** Appends a javadoc comment whose text is already javadoc (no escaping). */
  SourceWriter rawJavadoc(String text) {
    line("/**");
    for (String l : text.split("\n", -1)) {
      line((" * " + l).stripTrailing());
    }
    return line(" */");
  }

  private static String escapeJavadoc(String s) {
    return s.replace("*/", "*&#47;")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("@", "{@literal @}")
        .replace("\\u", "\\\\u")
        .replace("*&amp;#47;", "*&#47;");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
