package corral.idl.reflect;

import corral.idl.reflect.StructSchema.Field;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Cap'n Proto's text format, the struct literals of the schema language, as {@code capnp
 * convert text:binary} does (its lexer and expression grammar are in {@code
 * capnp/compiler/lexer.c++} and {@code parser.c++}, the typing rules in {@code
 * node-translator.c++}'s {@code ValueTranslator}):
 *
 * <pre>
 * struct  := '(' [ field (',' field)* [','] ] ')'
 * field   := name '=' value
 * value   := ['-'] integer | ['-'] float | '-' 'inf' | string+ | '0x"' hex-bytes '"'
 *          | '[' [ value (',' value)* [','] ] ']' | struct | '(' value ')' | name
 * integer := decimal | '0x' hex | '0' octal
 * name    := enumerant | 'void' | 'true' | 'false' | 'inf' | 'nan'
 * </pre>
 *
 * Strings take C escapes ({@code \n}, {@code \x7f}, {@code \177}); adjacent strings join; a string
 * may fill Data as well as Text. {@code #} starts a comment. A group is written as a struct; a
 * union member is chosen by naming it. Fields are set in the order written, so a later union member
 * replaces an earlier one.
 *
 * <p>Where capnp is lax this parser is strict, with a clear error: an integer literal above 2^64-1
 * (capnp wraps it silently) and constants or imports (capnp's text input refuses them too).
 *
 * <p>Parsing runs in two steps: the text becomes a small syntax tree (syntax errors), which is then
 * written into the builder field by field (type errors). Not thread-safe; one per parse.
 */
final class TextParser {
  private final String text;
  private final List<Token> tokens;
  private int next;

  TextParser(String text) {
    this.text = text;
    this.tokens = new Lexer(text).tokens();
  }

  void parseStruct(DynamicStruct.Builder target) {
    Token first = peek();
    if (first.kind != TokenKind.LPAREN) {
      throw error(
          first.kind == TokenKind.EOF
              ? "empty input; expected a struct literal '(...)' for " + target.schema().name()
              : "expected '(' to start a "
                  + target.schema().name()
                  + " literal, found "
                  + first.describe(),
          first.start);
    }
    Expr expr = parseValue();
    Token extra = peek();
    if (extra.kind != TokenKind.EOF) {
      throw error("unexpected " + extra.describe() + " after the struct literal", extra.start);
    }
    if (!(expr instanceof Tuple tuple)) {
      throw error("expected a struct literal for " + target.schema().name(), expr.start());
    }
    fillStruct(target, tuple);
  }

  // ---------------------------------------------------------------------------------------------
  // Syntax tree

  private sealed interface Expr
      permits IntLit, FloatLit, StringLit, BinaryLit, ListLit, Tuple, Name {
    int start();
  }

  private record IntLit(BigInteger value, int start) implements Expr {}

  private record FloatLit(double value, int start) implements Expr {}

  private record StringLit(byte[] value, int start) implements Expr {}

  private record BinaryLit(byte[] value, int start) implements Expr {}

  private record ListLit(List<Expr> elements, int start) implements Expr {}

  private record Tuple(List<Param> params, int start) implements Expr {}

  private record Name(String name, int start) implements Expr {}

  private record Param(String name, int nameStart, Expr value) {}

  private Expr parseValue() {
    Token t = take();
    switch (t.kind) {
      case INTEGER:
        return new IntLit(t.integer, t.start);
      case FLOAT:
        return new FloatLit(t.floating, t.start);
      case STRING:
        {
          ByteArrayOutputStream joined = new ByteArrayOutputStream();
          joined.writeBytes(t.bytes);
          while (peek().kind == TokenKind.STRING) {
            joined.writeBytes(take().bytes);
          }
          return new StringLit(joined.toByteArray(), t.start);
        }
      case BINARY:
        return new BinaryLit(t.bytes, t.start);
      case IDENTIFIER:
        {
          Token after = peek();
          if (after.kind == TokenKind.OPERATOR && after.text.equals(".")
              || after.kind == TokenKind.LPAREN) {
            throw error(
                "constant and function expressions are not allowed in text input ('"
                    + t.text
                    + "' is followed by "
                    + after.describe()
                    + ")",
                after.start);
          }
          return new Name(t.text, t.start);
        }
      case OPERATOR:
        if (t.text.equals("-")) {
          Token n = take();
          switch (n.kind) {
            case INTEGER:
              return new IntLit(n.integer.negate(), t.start);
            case FLOAT:
              return new FloatLit(-n.floating, t.start);
            case IDENTIFIER:
              if (n.text.equals("inf")) {
                return new FloatLit(Double.NEGATIVE_INFINITY, t.start);
              }
              break;
            default:
              break;
          }
          throw error("expected a number after '-', found " + n.describe(), n.start);
        }
        throw error("unexpected operator '" + t.text + "'; expected a value", t.start);
      case LBRACKET:
        {
          List<Expr> elements = new ArrayList<>();
          while (peek().kind != TokenKind.RBRACKET) {
            elements.add(parseValue());
            if (!comma(TokenKind.RBRACKET, "list")) {
              break;
            }
          }
          expect(TokenKind.RBRACKET, "']' to close the list opened at " + position(t.start));
          return new ListLit(elements, t.start);
        }
      case LPAREN:
        return parseTuple(t);
      default:
        throw error(
            t.kind == TokenKind.EOF
                ? "premature end of input; expected a value"
                : "expected a value, found " + t.describe(),
            t.start);
    }
  }

  private Expr parseTuple(Token open) {
    List<Param> params = new ArrayList<>();
    boolean unnamedSingle = false;
    while (peek().kind != TokenKind.RPAREN) {
      Token t = peek();
      Token after = peekAt(1);
      if (t.kind == TokenKind.IDENTIFIER
          && after.kind == TokenKind.OPERATOR
          && after.text.equals("=")) {
        next += 2;
        params.add(new Param(t.text, t.start, parseValue()));
      } else if (t.kind == TokenKind.IDENTIFIER
          && after.kind == TokenKind.OPERATOR
          && after.text.startsWith("=")) {
        throw error(
            "expected '=' after field name '"
                + t.text
                + "', found '"
                + after.text
                + "' (put a space between '=' and '"
                + after.text.substring(1)
                + "')",
            after.start);
      } else {
        params.add(new Param(null, t.start, parseValue()));
        unnamedSingle = true;
      }
      if (!comma(TokenKind.RPAREN, "struct literal")) {
        break;
      }
    }
    expect(TokenKind.RPAREN, "')' to close the '(' at " + position(open.start));
    if (params.size() == 1 && unnamedSingle) {
      return params.get(0).value(); // "(5)" is just 5
    }
    return new Tuple(params, open.start);
  }

  /** After an element: consumes a ',' and says whether another element may follow. */
  private boolean comma(TokenKind close, String what) {
    Token t = peek();
    if (t.kind == TokenKind.COMMA) {
      next++;
      return true;
    }
    if (t.kind == close) {
      return false;
    }
    throw error(
        t.kind == TokenKind.EOF
            ? "premature end of input in " + what
            : "expected ',' or '"
                + (close == TokenKind.RPAREN ? ")" : "]")
                + "' in "
                + what
                + ", found "
                + t.describe(),
        t.start);
  }

  private void expect(TokenKind kind, String what) {
    Token t = take();
    if (t.kind != kind) {
      throw error(
          (t.kind == TokenKind.EOF ? "premature end of input" : "found " + t.describe())
              + "; expected "
              + what,
          t.start);
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind != TokenKind.EOF) {
      next++;
    }
    return t;
  }

  // ---------------------------------------------------------------------------------------------
  // Typing: the syntax tree into a builder

  private void fillStruct(DynamicStruct.Builder target, Tuple tuple) {
    StructSchema schema = target.schema();
    for (Param p : tuple.params()) {
      if (p.name() == null) {
        throw error("missing field name (write 'name = value') in " + schema.name(), p.nameStart());
      }
      Field field =
          schema
              .field(p.name())
              .orElseThrow(
                  () ->
                      error("unknown field '" + p.name() + "' in " + schema.name(), p.nameStart()));
      Expr value = p.value();
      if (field.isGroup()) {
        if (!(value instanceof Tuple t)) {
          throw error(
              "field '" + field.name() + "' of " + schema.name() + " is a group; expected '(...)'",
              value.start());
        }
        fillStruct(target.init(field), t);
        continue;
      }
      String where = "field '" + field.name() + "' of " + schema.name();
      ValueType type = field.type();
      switch (type.kind()) {
        case STRUCT -> fillStruct(target.init(field), tuple(value, type, where));
        case LIST -> {
          ListLit list = list(value, type, where);
          fillList(target.init(field, list.elements().size()), list, where);
        }
        default -> target.set(field, scalar(value, type, where));
      }
    }
  }

  private void fillList(DynamicList.Builder target, ListLit list, String where) {
    ValueType element = target.elementType();
    for (int i = 0; i < list.elements().size(); i++) {
      Expr e = list.elements().get(i);
      String at = "element " + i + " of " + where;
      switch (element.kind()) {
        case STRUCT -> fillStruct((DynamicStruct.Builder) target.get(i), tuple(e, element, at));
        case LIST -> {
          ListLit inner = list(e, element, at);
          fillList(target.init(i, inner.elements().size()), inner, at);
        }
        default -> target.set(i, scalar(e, element, at));
      }
    }
  }

  private Tuple tuple(Expr value, ValueType type, String where) {
    if (value instanceof Tuple t) {
      return t;
    }
    throw mismatch(value, type, where);
  }

  private ListLit list(Expr value, ValueType type, String where) {
    if (value instanceof ListLit l) {
      return l;
    }
    throw mismatch(value, type, where);
  }

  /** A value for a data field or list element, as {@link DynamicStruct.Builder#set} takes it. */
  private Object scalar(Expr value, ValueType type, String where) {
    switch (type.kind()) {
      case VOID -> {
        if (value instanceof Name n && n.name().equals("void")) {
          return org.capnproto.Void.VOID;
        }
      }
      case BOOL -> {
        if (value instanceof Name n && (n.name().equals("true") || n.name().equals("false"))) {
          return n.name().equals("true");
        }
      }
      case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> {
        if (value instanceof IntLit i) {
          try {
            Values.integerBits(i.value(), type, where);
          } catch (IllegalArgumentException e) {
            throw error(
                "integer " + i.value() + " is out of range for " + where + " (" + type + ")",
                i.start());
          }
          return i.value();
        }
      }
      case FLOAT32, FLOAT64 -> {
        if (value instanceof IntLit i) {
          return i.value().doubleValue();
        }
        if (value instanceof FloatLit f) {
          return f.value();
        }
        if (value instanceof Name n && n.name().equals("inf")) {
          return Double.POSITIVE_INFINITY;
        }
        if (value instanceof Name n && n.name().equals("nan")) {
          return Double.NaN;
        }
      }
      case ENUM -> {
        if (value instanceof Name n) {
          EnumSchema e = type.enumSchema();
          return e.ordinalOf(n.name())
              .orElseThrow(
                  () ->
                      error(
                          "unknown enumerant '"
                              + n.name()
                              + "' for "
                              + where
                              + " ("
                              + e.name()
                              + " has "
                              + String.join(", ", e.enumerants())
                              + ")",
                          n.start()));
        }
      }
      case TEXT -> {
        if (value instanceof StringLit s) {
          return s.value();
        }
      }
      case DATA -> {
        if (value instanceof StringLit s) {
          return s.value();
        }
        if (value instanceof BinaryLit b) {
          return b.value();
        }
      }
      case ANY_POINTER, INTERFACE ->
          throw error(
              where
                  + " is "
                  + (type.kind() == ValueType.Kind.INTERFACE ? "an interface" : "an AnyPointer")
                  + " and cannot be written in text",
              value.start());
      case STRUCT, LIST -> throw new IllegalStateException("not a scalar: " + type);
    }
    throw mismatch(value, type, where);
  }

  private TextFormatException mismatch(Expr value, ValueType type, String where) {
    String found =
        switch (value) {
          case IntLit i -> "integer " + i.value();
          case FloatLit f -> "float " + TextFormat.formatDouble(f.value());
          case StringLit s -> "a string";
          case BinaryLit b -> "a binary literal";
          case ListLit l -> "a list";
          case Tuple t -> "a struct literal";
          case Name n -> "'" + n.name() + "'";
        };
    return error(
        "type mismatch for " + where + ": expected " + type + ", found " + found, value.start());
  }

  private TextFormatException error(String problem, int offset) {
    int[] lc = lineColumn(offset);
    return new TextFormatException(problem, lc[0], lc[1]);
  }

  private String position(int offset) {
    int[] lc = lineColumn(offset);
    return lc[0] + ":" + lc[1];
  }

  private int[] lineColumn(int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  // ---------------------------------------------------------------------------------------------
  // Lexer, after capnp/compiler/lexer.c++ and kj/parse/char.h

  private enum TokenKind {
    IDENTIFIER,
    INTEGER,
    FLOAT,
    STRING,
    BINARY,
    OPERATOR,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    EOF
  }

  private static final class Token {
    final TokenKind kind;
    final int start;
    String text;
    BigInteger integer;
    double floating;
    byte[] bytes;

    Token(TokenKind kind, int start) {
      this.kind = kind;
      this.start = start;
    }

    String describe() {
      return switch (kind) {
        case IDENTIFIER -> "'" + text + "'";
        case INTEGER -> "integer " + integer;
        case FLOAT -> "float " + text;
        case STRING -> "a string";
        case BINARY -> "a binary literal";
        case OPERATOR -> "'" + text + "'";
        case LPAREN -> "'('";
        case RPAREN -> "')'";
        case LBRACKET -> "'['";
        case RBRACKET -> "']'";
        case COMMA -> "','";
        case EOF -> "end of input";
      };
    }
  }

  private static final String OPERATOR_CHARS = "!$%&*+-./:<=>?@^|~";
  private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

  private final class Lexer {
    private final String s;
    private int pos;

    Lexer(String s) {
      this.s = s;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      while (true) {
        skipSpaceAndComments();
        if (pos >= s.length()) {
          out.add(new Token(TokenKind.EOF, pos));
          return out;
        }
        out.add(token());
      }
    }

    private void skipSpaceAndComments() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '#') {
          while (pos < s.length() && s.charAt(pos) != '\n') {
            pos++;
          }
        } else if (c == ' '
            || c == '\t'
            || c == '\n'
            || c == '\r'
            || c == '\f'
            || c == 0x0b
            || c == '\uFEFF') {
          pos++;
        } else {
          return;
        }
      }
    }

    private Token token() {
      int start = pos;
      char c = s.charAt(pos);
      switch (c) {
        case '(' -> {
          pos++;
          return new Token(TokenKind.LPAREN, start);
        }
        case ')' -> {
          pos++;
          return new Token(TokenKind.RPAREN, start);
        }
        case '[' -> {
          pos++;
          return new Token(TokenKind.LBRACKET, start);
        }
        case ']' -> {
          pos++;
          return new Token(TokenKind.RBRACKET, start);
        }
        case ',' -> {
          pos++;
          return new Token(TokenKind.COMMA, start);
        }
        case '"' -> {
          Token t = new Token(TokenKind.STRING, start);
          t.bytes = string();
          return t;
        }
        default -> {}
      }
      if (isAlpha(c) || c == '_') {
        while (pos < s.length()
            && (isAlpha(s.charAt(pos)) || isDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
          pos++;
        }
        Token t = new Token(TokenKind.IDENTIFIER, start);
        t.text = s.substring(start, pos);
        return t;
      }
      if (isDigit(c)) {
        return number(start);
      }
      if (OPERATOR_CHARS.indexOf(c) >= 0) {
        while (pos < s.length() && OPERATOR_CHARS.indexOf(s.charAt(pos)) >= 0) {
          pos++;
        }
        Token t = new Token(TokenKind.OPERATOR, start);
        t.text = s.substring(start, pos);
        return t;
      }
      throw error("unexpected character '" + printable(c) + "'", start);
    }

    private Token number(int start) {
      if (s.startsWith("0x\"", pos)) {
        return binary(start);
      }
      // integer: 0x hex, 0 octal, or decimal; not followed by a letter, '_' or '.'
      int end;
      int radix;
      int digitsFrom;
      if (s.startsWith("0x", pos) && pos + 2 < s.length() && isHex(s.charAt(pos + 2))) {
        radix = 16;
        digitsFrom = pos + 2;
        end = digitsFrom;
        while (end < s.length() && isHex(s.charAt(end))) {
          end++;
        }
      } else if (s.charAt(pos) == '0') {
        radix = 8;
        digitsFrom = pos;
        end = pos + 1;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
          end++;
        }
      } else {
        radix = 10;
        digitsFrom = pos;
        end = pos;
        while (end < s.length() && isDigit(s.charAt(end))) {
          end++;
        }
      }
      if (end >= s.length()
          || !(isAlpha(s.charAt(end))
              || s.charAt(end) == '_'
              || s.charAt(end) == '.'
              || (radix == 8 && isDigit(s.charAt(end))))) {
        BigInteger value = new BigInteger(s.substring(digitsFrom, end), radix);
        if (value.compareTo(UINT64_LIMIT) >= 0) {
          throw error("integer literal " + s.substring(start, end) + " exceeds 2^64-1", start);
        }
        pos = end;
        Token t = new Token(TokenKind.INTEGER, start);
        t.integer = value;
        return t;
      }
      // float: digits [. digits*] [e [+-] digits*], not followed by a letter, '_' or '.'
      end = pos;
      while (end < s.length() && isDigit(s.charAt(end))) {
        end++;
      }
      if (end < s.length() && s.charAt(end) == '.') {
        end++;
        while (end < s.length() && isDigit(s.charAt(end))) {
          end++;
        }
      }
      if (end < s.length() && (s.charAt(end) == 'e' || s.charAt(end) == 'E')) {
        end++;
        if (end < s.length() && (s.charAt(end) == '+' || s.charAt(end) == '-')) {
          end++;
        }
        while (end < s.length() && isDigit(s.charAt(end))) {
          end++;
        }
      }
      if (end < s.length()
          && (isAlpha(s.charAt(end)) || s.charAt(end) == '_' || s.charAt(end) == '.')) {
        throw error("malformed number '" + s.substring(start, end + 1) + "'", start);
      }
      String literal = s.substring(start, end);
      Token t = new Token(TokenKind.FLOAT, start);
      t.text = literal;
      String parseable = literal.replaceFirst("[eE][+-]?$", "");
      t.floating = Double.parseDouble(parseable.endsWith(".") ? parseable + "0" : parseable);
      pos = end;
      return t;
    }

    private Token binary(int start) {
      pos += 3; // 0x"
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
          pos++;
        }
        if (pos >= s.length()) {
          throw error("unterminated binary literal", start);
        }
        if (s.charAt(pos) == '"') {
          pos++;
          break;
        }
        if (pos + 1 >= s.length() || !isHex(s.charAt(pos)) || !isHex(s.charAt(pos + 1))) {
          throw error("binary literal needs pairs of hex digits", pos);
        }
        out.write(Integer.parseInt(s.substring(pos, pos + 2), 16));
        pos += 2;
      }
      if (out.size() == 0) {
        throw error("empty binary literal; write \"\" for empty Data", start);
      }
      Token t = new Token(TokenKind.BINARY, start);
      t.bytes = out.toByteArray();
      return t;
    }

    private byte[] string() {
      int start = pos;
      pos++; // opening quote
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string", start);
        }
        char c = s.charAt(pos);
        if (c == '"') {
          pos++;
          return out.toByteArray();
        }
        if (c == '\n') {
          throw error("unterminated string (newline before the closing quote)", start);
        }
        if (c != '\\') {
          int cp = s.codePointAt(pos);
          out.writeBytes(
              new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          pos += Character.charCount(cp);
          continue;
        }
        int escapeStart = pos;
        pos++;
        if (pos >= s.length()) {
          throw error("unterminated string", start);
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'a' -> out.write(0x07);
          case 'b' -> out.write('\b');
          case 'f' -> out.write('\f');
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case 't' -> out.write('\t');
          case 'v' -> out.write(0x0b);
          case '\'', '"', '\\', '?' -> out.write(e);
          case 'x' -> {
            if (pos + 1 >= s.length() || !isHex(s.charAt(pos)) || !isHex(s.charAt(pos + 1))) {
              throw error("\\x needs two hex digits", escapeStart);
            }
            out.write(Integer.parseInt(s.substring(pos, pos + 2), 16));
            pos += 2;
          }
          default -> {
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0;
                  k < 2 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7';
                  k++) {
                v = v * 8 + (s.charAt(pos++) - '0');
              }
              out.write(v & 0xff);
            } else {
              throw error("unknown escape '\\" + printable(e) + "' in string", escapeStart);
            }
          }
        }
      }
    }

    private static boolean isAlpha(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
      return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String printable(char c) {
      return c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }
  }
}
