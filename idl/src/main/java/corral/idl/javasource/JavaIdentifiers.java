package corral.idl.javasource;

import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;

/** What Java accepts as a name: the rules every Corral generator checks user names against. */
public final class JavaIdentifiers {
  private JavaIdentifiers() {}

  private static final Set<String> RESTRICTED_IDENTIFIERS =
      Set.of("var", "yield", "record", "sealed", "permits");

  /**
   * Names Java code cannot use as an identifier everywhere: the JDK's keywords and literals ({@link
   * SourceVersion#isKeyword}, the language's own list) and the restricted identifiers it does not
   * count, which cannot name a type ({@code var}, {@code yield}, {@code record}, {@code sealed},
   * {@code permits}).
   */
  public static boolean isReserved(String name) {
    return SourceVersion.isKeyword(name) || RESTRICTED_IDENTIFIERS.contains(name);
  }

  /**
   * Why {@code name} is not a Java package name ({@code '1bad.pkg' is not a Java package name:
   * '1bad' is not a Java identifier}), or empty when it is one. Restricted identifiers may name
   * packages; keywords may not.
   */
  public static Optional<String> packageNameProblem(String name) {
    for (String part : name.split("\\.", -1)) {
      String problem = null;
      if (part.isEmpty()) {
        problem = "it has an empty part";
      } else if (SourceVersion.isKeyword(part)) {
        problem = "'" + part + "' is a Java keyword";
      } else if (!SourceVersion.isIdentifier(part)) {
        problem = "'" + part + "' is not a Java identifier";
      }
      if (problem != null) {
        return Optional.of("'" + name + "' is not a Java package name: " + problem);
      }
    }
    return Optional.empty();
  }
}
