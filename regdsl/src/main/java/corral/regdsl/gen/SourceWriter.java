package corral.regdsl.gen;

/** Builds indented source text line by line. */
final class SourceWriter {
  private final StringBuilder out = new StringBuilder();
  private final String unit;
  private int depth;

  SourceWriter(String unit) {
    this.unit = unit;
  }

  SourceWriter line(String text) {
    if (!text.isEmpty()) {
      out.append(unit.repeat(depth)).append(text);
    }
    out.append('\n');
    return this;
  }

  SourceWriter blank() {
    return line("");
  }

  SourceWriter open(String text) {
    line(text);
    depth++;
    return this;
  }

  SourceWriter close(String text) {
    depth--;
    return line(text);
  }

  SourceWriter reopen(String text) {
    depth--;
    line(text);
    depth++;
    return this;
  }

  /** A javadoc comment; nothing when {@code text} is blank. */
  SourceWriter javadoc(String text) {
    if (text == null || text.isBlank()) {
      return this;
    }
    String[] lines = text.strip().split("\n");
    if (lines.length == 1 && lines[0].length() < 90) {
      return line("/** " + escape(lines[0]) + " */");
    }
    line("/**");
    for (String l : lines) {
      line(l.isBlank() ? " *" : " * " + escape(l));
    }
    return line(" */");
  }

  private static String escape(String s) {
    s = s.replace("*/", "*&#47;");
    return s.startsWith("@") && !s.startsWith("@throws") ? "{@literal @}" + s.substring(1) : s;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
