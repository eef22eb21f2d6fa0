package corral.cli;

import java.util.List;
import java.util.Map;

/**
 * Writes the data a verb prints under {@code --json} as one line of JSON (RFC 8259). Values are
 * {@link Map}s with string keys (written in the map's iteration order), {@link List}s, strings,
 * {@code int}s and {@code long}s, booleans and {@code null}; anything else is a bug and throws
 * {@link IllegalArgumentException}.
 *
 * <p>Strings escape {@code "}, {@code \}, every control character and every character outside ASCII
 * ({@code \}{@code u00e9}; a character beyond the BMP as its two UTF-16 escapes, as JSON
 * specifies): the output is plain ASCII, so it reaches a reader intact whatever the platform's
 * encoding of standard output. 64-bit ids are written as hex strings by the verbs, not as numbers,
 * since many JSON readers keep numbers in doubles (exact only up to 2^53).
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  private static void write(Object value, StringBuilder sb) {
    switch (value) {
      case null -> sb.append("null");
      case String s -> string(s, sb);
      case Integer i -> sb.append(i);
      case Long l -> sb.append(l);
      case Boolean b -> sb.append(b);
      case Map<?, ?> m -> {
        sb.append('{');
        String sep = "";
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new IllegalArgumentException("JSON object key is not a string: " + e.getKey());
          }
          sb.append(sep);
          string(key, sb);
          sb.append(':');
          write(e.getValue(), sb);
          sep = ",";
        }
        sb.append('}');
      }
      case List<?> l -> {
        sb.append('[');
        String sep = "";
        for (Object o : l) {
          sb.append(sep);
          write(o, sb);
          sep = ",";
        }
        sb.append(']');
      }
      default ->
          throw new IllegalArgumentException(
              "no JSON form for " + value.getClass().getName() + ": " + value);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
