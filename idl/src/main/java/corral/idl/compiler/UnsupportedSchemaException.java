package corral.idl.compiler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema uses something the generator cannot translate. The message names the schema file, the
 * line when the source could be read, the declaration and what is unsupported ({@code FILE:LINE:
 * DECLARATION: what}), so that a build fails instead of producing wrong code.
 */
public final class UnsupportedSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line; // 0: unknown
  private final String declaration;
  private final String what;

  UnsupportedSchemaException(String file, String declaration, String what) {
    this(file, 0, declaration, what);
  }

  private UnsupportedSchemaException(String file, int line, String declaration, String what) {
    super(file + (line > 0 ? ":" + line : "") + ": " + declaration + ": " + what);
    this.file = file;
    this.line = line;
    this.declaration = declaration;
    this.what = what;
  }

  /** The same failure, pinned to a member of the declaration (a field, a method). */
  UnsupportedSchemaException inMember(String member) {
    return new UnsupportedSchemaException(file, line, declaration + "." + member, what);
  }

  /**
   * The same failure at the line of its declaration, read from the schema file (named as capnp
   * named it) under {@code sourceRoot}, and naming the file by that path, as capnp's own errors do;
   * this failure unchanged when the file cannot be read or the declaration is not found in it.
   */
  public UnsupportedSchemaException locatedUnder(Path sourceRoot) {
    Path source = sourceRoot.resolve(file);
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return this;
    }
    int found = lineOf(text, declaration);
    return found > 0
        ? new UnsupportedSchemaException(source.toString(), found, declaration, what)
        : this;
  }

  /**
   * The line of declaration {@code Outer.inner.member} in schema text: each name in turn, after the
   * previous one, where it is declared ({@code struct Name}, {@code interface Name}, {@code enum
   * Name}, {@code const name}; {@code name @N} for fields, methods and enumerants; {@code name
   * :group}, {@code name :union}; {@code name :Type} in a method's parameters or results), comments
   * skipped. 0 when a name is not found.
   */
  static int lineOf(String schema, String declaration) {
    String code = schema.replaceAll("#[^\\n]*", ""); // comments; line breaks stay
    int at = 0;
    int found = 0;
    boolean inParameters = false; // after method$Params: fields are "name :Type", no ordinal
    for (String name : declaration.split("\\.")) {
      String plain = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
      String quoted = Pattern.quote(plain);
      String member = inParameters ? "\\s*:" : "\\s*(?:@\\d|:\\s*(?:group|union)\\b)";
      Matcher m =
          Pattern.compile(
                  "\\b(?:struct|interface|enum|const|annotation)\\s+"
                      + quoted
                      + "\\b|(?<![\\w$])"
                      + quoted
                      + member)
              .matcher(code);
      if (!m.find(at)) {
        return 0;
      }
      at = m.end();
      found = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      inParameters = name.endsWith("$Params") || name.endsWith("$Results");
    }
    return found;
  }
}
