package corral.idl.compiler;

/**
 * Schemas could not be compiled: capnp rejected them (the message is capnp's own, with file:line),
 * the generator cannot translate them, or capnp could not be run.
 */
public final class SchemaCompileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchemaCompileException(String message) {
    super(message);
  }
}
