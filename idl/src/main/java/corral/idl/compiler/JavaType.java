package corral.idl.compiler;

/**
 * How one schema type appears in generated Java: its reader and builder types and the expression of
 * the runtime factory that reads, builds and copies it.
 *
 * <p>For primitive types {@code reader} and {@code builder} are the Java primitive and {@code
 * factory} is null. For pointer types {@code factory} is an expression valid inside the struct's
 * Reader, Builder and Factory classes (type parameters' factories are fields named {@code
 * T_Factory} in all three).
 *
 * @param kind what the type is
 * @param reader the Java type a Reader returns
 * @param builder the Java type a Builder returns
 * @param factory the factory expression, null for primitives
 * @param generic whether the factory expression depends on type parameters in scope
 */
record JavaType(Kind kind, String reader, String builder, String factory, boolean generic) {

  enum Kind {
    VOID,
    BOOL,
    INT8,
    INT16,
    INT32,
    INT64,
    UINT8,
    UINT16,
    UINT32,
    UINT64,
    FLOAT32,
    FLOAT64,
    TEXT,
    DATA,
    LIST,
    ENUM,
    STRUCT,
    INTERFACE,
    ANY_POINTER,
    PARAMETER
  }

  boolean isPointer() {
    return switch (kind) {
      case TEXT, DATA, LIST, STRUCT, INTERFACE, ANY_POINTER, PARAMETER -> true;
      default -> false;
    };
  }

  /** The suffix of the runtime accessor for a data field: {@code _get<Suffix>Field}. */
  String fieldSuffix() {
    return switch (kind) {
      case BOOL -> "Boolean";
      case INT8, UINT8 -> "Byte";
      case INT16, UINT16, ENUM -> "Short";
      case INT32, UINT32 -> "Int";
      case INT64, UINT64 -> "Long";
      case FLOAT32 -> "Float";
      case FLOAT64 -> "Double";
      default -> throw new IllegalStateException("not a data field: " + kind);
    };
  }

  /** Size of one value in bits, for data fields. */
  int bits() {
    return switch (kind) {
      case VOID -> 0;
      case BOOL -> 1;
      case INT8, UINT8 -> 8;
      case INT16, UINT16, ENUM -> 16;
      case INT32, UINT32, FLOAT32 -> 32;
      case INT64, UINT64, FLOAT64 -> 64;
      default -> 64;
    };
  }
}
