package corral.regdsl.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits description text into tokens. {@code //} and {@code /* *}{@code /} are comments; {@code
 * ///} lines are doc comments carried into generated code. Numbers are decimal, {@code 0x} hex or
 * {@code 0b} binary, with optional {@code _} separators.
 */
final class Lexer {
  private static final String PUNCT2 = "=> +=";
  private static final String PUNCT1 = "{}[]();:,@=#.|-";

  private final String file;
  private final String text;
  private final Diagnostics diagnostics;
  private int at;
  private int line = 1;
  private int lineStart;

  Lexer(String file, String text, Diagnostics diagnostics) {
    this.file = file;
    this.text = text;
    this.diagnostics = diagnostics;
  }

  /** The tokens, ending with EOF; on a lexical error returns null after reporting it. */
  List<Token> tokens() {
    var out = new ArrayList<Token>();
    while (true) {
      skipSpaceAndComments();
      Pos pos = pos();
      if (at >= text.length()) {
        out.add(new Token(Token.Kind.EOF, "", 0, pos));
        return out;
      }
      char c = text.charAt(at);
      if (text.startsWith("///", at)) {
        int end = lineEnd();
        String doc = text.substring(at + 3, end).strip();
        at = end;
        out.add(new Token(Token.Kind.DOC, doc, 0, pos));
      } else if (Character.isLetter(c) || c == '_') {
        int start = at;
        while (at < text.length()
            && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
          at++;
        }
        out.add(new Token(Token.Kind.IDENT, text.substring(start, at), 0, pos));
      } else if (Character.isDigit(c)) {
        Token t = number(pos);
        if (t == null) {
          return null;
        }
        out.add(t);
      } else if (c == '"') {
        int end = text.indexOf('"', at + 1);
        int eol = lineEnd();
        if (end < 0 || end > eol) {
          diagnostics.error(pos, "unterminated string");
          return null;
        }
        out.add(new Token(Token.Kind.STRING, text.substring(at + 1, end), 0, pos));
        at = end + 1;
      } else if (at + 1 < text.length() && PUNCT2.contains(text.substring(at, at + 2))) {
        out.add(new Token(Token.Kind.PUNCT, text.substring(at, at + 2), 0, pos));
        at += 2;
      } else if (PUNCT1.indexOf(c) >= 0) {
        out.add(new Token(Token.Kind.PUNCT, String.valueOf(c), 0, pos));
        at++;
      } else {
        diagnostics.error(pos, "unexpected character '" + c + "'");
        return null;
      }
    }
  }

  private Token number(Pos pos) {
    int start = at;
    int radix = 10;
    if (text.startsWith("0x", at) || text.startsWith("0X", at)) {
      radix = 16;
      at += 2;
    } else if (text.startsWith("0b", at) || text.startsWith("0B", at)) {
      radix = 2;
      at += 2;
    }
    int digits = at;
    while (at < text.length()
        && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
      at++;
    }
    String body = text.substring(digits, at).replace("_", "");
    try {
      if (body.isEmpty()) {
        throw new NumberFormatException();
      }
      long value = Long.parseUnsignedLong(body, radix);
      return new Token(Token.Kind.NUMBER, text.substring(start, at), value, pos);
    } catch (NumberFormatException e) {
      diagnostics.error(pos, "malformed number '" + text.substring(start, at) + "'");
      return null;
    }
  }

  private void skipSpaceAndComments() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '\n') {
        at++;
        line++;
        lineStart = at;
      } else if (Character.isWhitespace(c)) {
        at++;
      } else if (text.startsWith("//", at) && !text.startsWith("///", at)) {
        at = lineEnd();
      } else if (text.startsWith("/*", at)) {
        int end = text.indexOf("*/", at + 2);
        end = end < 0 ? text.length() : end + 2;
        while (at < end) {
          if (text.charAt(at) == '\n') {
            line++;
            lineStart = at + 1;
          }
          at++;
        }
      } else {
        return;
      }
    }
  }

  private int lineEnd() {
    int end = text.indexOf('\n', at);
    return end < 0 ? text.length() : end;
  }

  private Pos pos() {
    return new Pos(file, line, at - lineStart + 1);
  }
}
