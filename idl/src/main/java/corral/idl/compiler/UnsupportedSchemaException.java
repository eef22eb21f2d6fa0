package corral.idl.compiler;

/**
 * The schema uses something the generator cannot translate to Java. The message names the schema
 * file, the declaration and what is unsupported, so that a build fails instead of producing wrong
 * code.
 */
public final class UnsupportedSchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnsupportedSchemaException(String file, String declaration, String what) {
    super(file + ": " + declaration + ": " + what);
  }
}
