package corral.idl.compiler;

import corral.idl.javasource.JavaIdentifiers;
import java.util.Set;

/**
 * How schema names become Java names. The rules, also documented in {@code idl/README.md}:
 *
 * <ul>
 *   <li>Types keep their schema name; groups become a type named after the field in UpperCamelCase.
 *       A type name that would clash with a member of the generated shape ({@code Reader}, {@code
 *       Builder}, {@code Factory}, {@code Which}, and the RPC mode's {@code Client}, {@code
 *       Server}, {@code Pipeline} — reserved in both modes, so names do not change with the mode),
 *       with its enclosing class, or with a top-level package we refer to ({@code java}, {@code
 *       org}) gets a trailing {@code _}.
 *   <li>Accessors are {@code get}/{@code set}/{@code init}/{@code has}/{@code is} + the field name
 *       in UpperCamelCase; a Java keyword used as a method or parameter name gets a trailing {@code
 *       _}, and so does an accessor that would override a final {@link Object} method ({@code
 *       getClass}).
 *   <li>Enumerants, union tags and constants are UPPER_SNAKE_CASE ({@code fooBar} -> {@code
 *       FOO_BAR}).
 * </ul>
 */
final class JavaNames {
  private JavaNames() {}

  /** Names Java code cannot use as an identifier everywhere: {@link JavaIdentifiers#isReserved}. */
  static boolean isKeyword(String name) {
    return JavaIdentifiers.isReserved(name);
  }

  private static final Set<String> RESERVED_TYPE_NAMES =
      Set.of(
          "Reader", "Builder", "Factory", "Which", "Client", "Server", "Pipeline", "java", "org");

  private static final Set<String> OBJECT_METHODS =
      Set.of("getClass", "hashCode", "toString", "equals", "notify", "notifyAll", "wait");

  static String titleCase(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** {@code fooBar} -> {@code FOO_BAR}; {@code HTTPServer} -> {@code HTTPSERVER}. */
  static String upperSnake(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
        sb.append('_');
      } else if (Character.isDigit(c) && i > 0 && Character.isLetter(name.charAt(i - 1))) {
        // keep digits attached: int32 -> INT32
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }

  /** A type name that is safe to declare inside {@code enclosing}. */
  static String typeName(String schemaName, String enclosing) {
    String name = schemaName;
    while (RESERVED_TYPE_NAMES.contains(name) || isKeyword(name) || name.equals(enclosing)) {
      name = name + "_";
    }
    return name;
  }

  /** An accessor name such as {@code getFoo}, mangled when it would clash with Java. */
  static String accessor(String prefix, String fieldName) {
    String name = prefix + titleCase(fieldName);
    return OBJECT_METHODS.contains(name) ? name + "_" : name;
  }

  /** A plain identifier (method or parameter), mangled when it is a Java keyword. */
  static String identifier(String name) {
    return isKeyword(name) || OBJECT_METHODS.contains(name) ? name + "_" : name;
  }

  /** The default outer class name for a schema file: {@code foo-bar_baz.capnp} -> FooBarBaz. */
  static String outerClassFromFile(String filename) {
    String base = filename.substring(filename.lastIndexOf('/') + 1);
    int dot = base.indexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    StringBuilder sb = new StringBuilder();
    boolean up = true;
    for (char c : base.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        up = true;
        continue;
      }
      sb.append(up ? Character.toUpperCase(c) : c);
      up = false;
    }
    if (sb.isEmpty() || !Character.isJavaIdentifierStart(sb.charAt(0))) {
      sb.insert(0, "Schema");
    }
    return sb.toString();
  }

  /** A Java string literal (with quotes) holding {@code s}. */
  static String stringLiteral(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
