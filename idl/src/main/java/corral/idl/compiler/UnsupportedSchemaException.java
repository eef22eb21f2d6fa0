package corral.idl.compiler;

/**
 * The schema uses something the generator cannot translate to Java. The message names the schema
 * file, the declaration and what is unsupported ({@code FILE: DECLARATION: what}), so that a build
 * fails instead of producing wrong code.
 */
public final class UnsupportedSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String declaration;
  private final String what;

  UnsupportedSchemaException(String file, String declaration, String what) {
    super(file + ": " + declaration + ": " + what);
    this.file = file;
    this.declaration = declaration;
    this.what = what;
  }

  /** The same failure, pinned to a member of the declaration (a field, a method). */
  UnsupportedSchemaException inMember(String member) {
    return new UnsupportedSchemaException(file, declaration + "." + member, what);
  }
}
