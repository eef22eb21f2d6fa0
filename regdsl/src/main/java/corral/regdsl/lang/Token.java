package corral.regdsl.lang;

/** A lexical token; {@code number} is set for {@link Kind#NUMBER}, {@code text} for the rest. */
record Token(Kind kind, String text, long number, Pos pos) {
  enum Kind {
    IDENT,
    NUMBER,
    STRING,
    DOC,
    PUNCT,
    EOF
  }

  boolean is(String punctOrWord) {
    return (kind == Kind.PUNCT || kind == Kind.IDENT) && text.equals(punctOrWord);
  }

  String describe() {
    return switch (kind) {
      case EOF -> "end of file";
      case STRING -> "string \"" + text + "\"";
      case DOC -> "doc comment";
      default -> "'" + text + "'";
    };
  }
}
