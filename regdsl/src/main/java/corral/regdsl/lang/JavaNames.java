package corral.regdsl.lang;

import corral.idl.javasource.JavaIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How description names become Java and C names. Words are found at underscores and at case changes
 * ({@code IRQStatus} is {@code IRQ}, {@code Status}); the compiler checks that no two names of one
 * scope map to the same result.
 *
 * <pre>
 * LCR         -> lcr()       Lcr         LCR
 * wordLength  -> wordLength  WordLength  WORD_LENGTH
 * PRESCALE_RD -> prescaleRd  PrescaleRd  PRESCALE_RD
 * </pre>
 */
public final class JavaNames {
  /**
   * Members generated classes already have (the device's {@code bind} and {@code layout}, value
   * records' {@code raw}, accessors' own methods, {@link Object}'s): a description name that maps
   * to one gets a '_'.
   */
  public static final Set<String> GENERATED_MEMBERS =
      Set.of(
          "raw",
          "equals",
          "hashCode",
          "toString",
          "getClass",
          "notify",
          "notifyAll",
          "wait",
          "clone",
          "finalize",
          "bind",
          "layout",
          "window",
          "read",
          "take",
          "write",
          "modify",
          "ack",
          "load",
          "store",
          "index");

  private JavaNames() {}

  /** lowerCamelCase, escaped with a trailing '_' when it is a keyword or a taken member name. */
  public static String member(String name) {
    List<String> words = words(name);
    var out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i).toLowerCase(Locale.ROOT);
      out.append(i == 0 ? w : capitalize(w));
    }
    return escape(out.toString());
  }

  /** UpperCamelCase. */
  public static String type(String name) {
    var out = new StringBuilder();
    for (String w : words(name)) {
      out.append(capitalize(w.toLowerCase(Locale.ROOT)));
    }
    return escape(out.toString());
  }

  /** UPPER_SNAKE_CASE, for Java constants and C macros. */
  public static String constant(String name) {
    return escape(String.join("_", words(name)).toUpperCase(Locale.ROOT));
  }

  private static String escape(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      s = "_" + s;
    }
    return JavaIdentifiers.isReserved(s) || GENERATED_MEMBERS.contains(s) ? s + "_" : s;
  }

  private static String capitalize(String w) {
    return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }

  static List<String> words(String name) {
    var words = new ArrayList<String>();
    var cur = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(words, cur);
        continue;
      }
      if (!cur.isEmpty() && Character.isUpperCase(c)) {
        char prev = cur.charAt(cur.length() - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev) || (Character.isUpperCase(prev) && nextLower)) {
          flush(words, cur);
        }
      }
      cur.append(c);
    }
    flush(words, cur);
    return words;
  }

  private static void flush(List<String> words, StringBuilder cur) {
    if (!cur.isEmpty()) {
      words.add(cur.toString());
      cur.setLength(0);
    }
  }
}
