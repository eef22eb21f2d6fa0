package corral.idl.javasource;

/**
 * Accumulates Java source text with two-space indentation: the one writer of Corral's generators
 * (the IDL compiler and regdsl's register classes). Lines are appended whole; {@link #open} and
 * {@link #close} bracket a block and move the indentation.
 *
 * <p>Doc comments come in two kinds: text from a description the user wrote (a schema's doc
 * comment, a register's description), which {@link #javadoc(String)} escapes so that it can never
 * end the comment or be read as markup, and text the generator wrote, already javadoc, which {@link
 * #rawJavadoc} appends as it is. A generator that mixes both escapes the user's part with {@link
 * #escapeJavadoc}.
 *
 * <p>Not thread-safe: one writer per generated file, used by one thread.
 */
public final class SourceWriter {
  private final StringBuilder out = new StringBuilder();
  private int depth;

  /** Appends one line at the current indentation; an empty string appends a blank line. */
  public SourceWriter line(String text) {
    if (!text.isEmpty()) {
      out.repeat("  ", depth);
    }
    out.append(text).append('\n');
    return this;
  }

  /** Appends a blank line. */
  public SourceWriter blank() {
    return line("");
  }

  /** Appends {@code text} and opens a block: the following lines are indented one level more. */
  public SourceWriter open(String text) {
    line(text);
    depth++;
    return this;
  }

  /** Closes the innermost block with {@code text} (usually {@code "}"}). */
  public SourceWriter close(String text) {
    depth--;
    return line(text);
  }

  /** Closes the innermost block and opens the next with {@code text} ({@code "} else {"}). */
  public SourceWriter reopen(String text) {
    depth--;
    return open(text);
  }

  /** Appends a javadoc comment made from a user's doc text; nothing when {@code doc} is blank. */
  public SourceWriter javadoc(String doc) {
    return doc == null || doc.isBlank() ? this : rawJavadoc(escapeJavadoc(doc.strip()));
  }

  /**
   * Appends one javadoc comment: the user's doc text {@code doc} (escaped; may be null or blank)
   * followed by a paragraph {@code contract} that is already javadoc.
   */
  public SourceWriter javadoc(String doc, String contract) {
    return doc == null || doc.isBlank()
        ? rawJavadoc(contract)
        : rawJavadoc(escapeJavadoc(doc.strip()) + "\n\n<p>" + contract);
  }

  /**
   * Appends a javadoc comment whose text is already javadoc (no escaping); nothing when {@code
   * text} is blank. A one-line text that fits in 100 columns stays on one line.
   */
  public SourceWriter rawJavadoc(String text) {
    if (text == null || text.isBlank()) {
      return this;
    }
    if (text.indexOf('\n') < 0 && 2 * depth + text.length() + 7 <= 100) {
      return line("/** " + text.strip() + " */");
    }
    line("/**");
    for (String l : text.split("\n", -1)) {
      line((" * " + l).stripTrailing());
    }
    return line(" */");
  }

  /**
   * A user's text made safe inside a javadoc comment: it cannot close the comment, and HTML
   * characters, {@code @} tags and {@code \\u} escapes read as the characters they are.
   */
  public static String escapeJavadoc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("@", "{@literal @}")
        .replace("*/", "*&#47;")
        .replace("\\u", "\\\\u");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
