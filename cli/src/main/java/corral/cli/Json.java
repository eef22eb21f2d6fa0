package corral.cli;

import java.util.List;
import java.util.Map;

/**
 * Writes the values the verbs print with {@code --json}: maps, lists, strings, numbers, booleans.
 */
final class Json {
  private Json() {}

  static String of(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    switch (v) {
      case null -> b.append("null");
      case String s -> string(b, s);
      case Number n -> b.append(n);
      case Boolean x -> b.append(x);
      case Map<?, ?> m -> {
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            b.append(", ");
          }
          first = false;
          string(b, e.getKey().toString());
          b.append(": ");
          write(b, e.getValue());
        }
        b.append('}');
      }
      case List<?> l -> {
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            b.append(", ");
          }
          write(b, l.get(i));
        }
        b.append(']');
      }
      default -> string(b, v.toString());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
