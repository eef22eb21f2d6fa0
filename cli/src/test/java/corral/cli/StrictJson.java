package corral.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) reader for the tests: exactly one value with optional whitespace around
 * it; objects as {@link LinkedHashMap} (a duplicate key is an error), arrays as {@link List},
 * integers as {@link Long}, other numbers as {@link BigDecimal}, {@code null} as null. Anything the
 * RFC does not allow (a raw control character in a string, a bad escape, a leading zero, a trailing
 * comma, text after the value) throws {@link IllegalArgumentException} with its offset.
 */
final class StrictJson {
  private final String s;
  private int i;

  private StrictJson(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    StrictJson p = new StrictJson(text);
    p.space();
    Object v = p.value();
    p.space();
    if (p.i != text.length()) {
      throw p.error("text after the value");
    }
    return v;
  }

  private Object value() {
    if (i >= s.length()) {
      throw error("end of text where a value should be");
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected '" + c + "'");
      }
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    space();
    if (peek('}')) {
      i++;
      return m;
    }
    while (true) {
      space();
      if (!peek('"')) {
        throw error("an object key must be a string");
      }
      String key = string();
      if (m.containsKey(key)) {
        throw error("duplicate key '" + key + "'");
      }
      space();
      expect(':');
      space();
      m.put(key, value());
      space();
      if (peek(',')) {
        i++;
        continue;
      }
      expect('}');
      return m;
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    space();
    if (peek(']')) {
      i++;
      return l;
    }
    while (true) {
      space();
      l.add(value());
      space();
      if (peek(',')) {
        i++;
        continue;
      }
      expect(']');
      return l;
    }
  }

  private String string() {
    StringBuilder sb = new StringBuilder();
    i++;
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
            throw error("\\u needs four hex digits");
          }
          sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int from = i;
    if (peek('-')) {
      i++;
    }
    if (peek('0')) {
      i++;
    } else if (i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9') {
      digits();
    } else {
      throw error("a number needs a digit");
    }
    boolean integer = true;
    if (peek('.')) {
      i++;
      integer = false;
      if (digits() == 0) {
        throw error("a fraction needs a digit");
      }
    }
    if (peek('e') || peek('E')) {
      i++;
      integer = false;
      if (peek('+') || peek('-')) {
        i++;
      }
      if (digits() == 0) {
        throw error("an exponent needs a digit");
      }
    }
    String text = s.substring(from, i);
    return integer ? (Object) Long.parseLong(text) : new BigDecimal(text);
  }

  private int digits() {
    int from = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected '" + s.charAt(i) + "'");
    }
    i += word.length();
    return value;
  }

  private void space() {
    while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private boolean peek(char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON at offset " + i + ": " + what);
  }
}
