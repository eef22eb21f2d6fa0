package corral.regdsl.lang;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for one description file. Stops at the first syntax error, which it
 * reports to {@link Diagnostics}; the grammar is in {@code regdsl/README.md}.
 */
public final class Parser {
  private final List<Token> tokens;
  private final Diagnostics diagnostics;
  private final String file;
  private int at;

  private static final class SyntaxError extends RuntimeException {
    SyntaxError() {
      super(null, null, false, false);
    }
  }

  private Parser(String file, List<Token> tokens, Diagnostics diagnostics) {
    this.file = file;
    this.tokens = tokens;
    this.diagnostics = diagnostics;
  }

  /**
   * Parses {@code text} named {@code file}.
   *
   * @return the unit, or null after reporting a syntax error to {@code diagnostics}
   */
  public static Unit parse(String file, String text, Diagnostics diagnostics) {
    diagnostics.addSource(file, text);
    List<Token> tokens = new Lexer(file, text, diagnostics).tokens();
    if (tokens == null) {
      return null;
    }
    try {
      return new Parser(file, tokens, diagnostics).unit();
    } catch (SyntaxError e) {
      return null;
    }
  }

  private Unit unit() {
    var imports = new ArrayList<Import>();
    var enums = new ArrayList<EnumDecl>();
    var devices = new ArrayList<Device>();
    while (peek().kind() != Token.Kind.EOF) {
      String doc = docs();
      Token t = peek();
      if (t.is("import")) {
        imports.add(importDecl());
      } else if (t.is("enum")) {
        enums.add(enumDecl(doc));
      } else if (t.is("device")) {
        devices.add(device(doc));
      } else {
        throw expected("'import', 'enum' or 'device'");
      }
    }
    return new Unit(file, imports, enums, devices);
  }

  private Import importDecl() {
    Pos pos = next().pos();
    boolean svd = false;
    if (peek().is("svd")) {
      next();
      svd = true;
    }
    String path = string();
    String peripheral = null;
    if (svd && peek().is("peripheral")) {
      next();
      peripheral = ident();
    }
    expect(";");
    return new Import(pos, path, svd, peripheral);
  }

  private EnumDecl enumDecl(String doc) {
    Pos pos = next().pos();
    String name = ident();
    expect("{");
    var codes = new ArrayList<EnumDecl.Code>();
    while (!peek().is("}")) {
      String codeDoc = docs();
      Pos cpos = peek().pos();
      String cname = ident();
      expect("=");
      long value = number();
      codes.add(new EnumDecl.Code(cpos, codeDoc, cname, value));
      if (!peek().is("}")) {
        expect(",");
      }
      docs();
    }
    expect("}");
    return new EnumDecl(pos, doc, name, codes);
  }

  private Device device(String doc) {
    Pos pos = next().pos();
    String name = ident();
    expect("{");
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int width = 32;
    long size = -1;
    String cPrefix = name.toUpperCase(Locale.ROOT);
    var enums = new ArrayList<EnumDecl>();
    var members = new ArrayList<Member>();
    while (!peek().is("}")) {
      String memberDoc = docs();
      Token t = peek();
      if (t.is("endian")) {
        next();
        Token e = next();
        if (e.is("le")) {
          order = ByteOrder.LITTLE_ENDIAN;
        } else if (e.is("be")) {
          order = ByteOrder.BIG_ENDIAN;
        } else {
          throw error(e, "expected 'le' or 'be' but found " + e.describe());
        }
        expect(";");
      } else if (t.is("width")) {
        next();
        width = widthKeyword(next());
        expect(";");
      } else if (t.is("size")) {
        next();
        size = number();
        expect(";");
      } else if (t.is("cprefix")) {
        next();
        cPrefix = string();
        expect(";");
      } else if (t.is("enum")) {
        enums.add(enumDecl(memberDoc));
      } else if (t.is("reg") || t.is("block") || t.is("bank") || t.is("value")) {
        members.add(member(memberDoc, true));
      } else {
        throw expected(
            "a device item ('reg', 'block', 'bank', 'value', 'enum', 'endian', 'width',"
                + " 'size', 'cprefix')");
      }
    }
    Token close = expect("}");
    if (size < 0) {
      throw error(close, "device " + name + " declares no 'size'");
    }
    final int w = width;
    return new Device(
        pos,
        doc,
        name,
        order,
        width,
        size,
        cPrefix,
        enums,
        members.stream().map(m -> withDefaultWidth(m, w)).toList());
  }

  private static Member withDefaultWidth(Member m, int width) {
    return switch (m) {
      case Register r -> r.width() == 0 ? r.withWidth(width) : r;
      case Block b ->
          new Block(
              b.pos(),
              b.doc(),
              b.name(),
              b.count(),
              b.offset(),
              b.stride(),
              b.members().stream().map(x -> withDefaultWidth(x, width)).toList());
      case Bank b ->
          new Bank(
              b.pos(),
              b.selectorRegister(),
              b.selectorField(),
              b.selectorPos(),
              b.arms().stream()
                  .map(
                      a ->
                          new Bank.Arm(
                              a.pos(),
                              a.value(),
                              a.name(),
                              a.members().stream().map(x -> withDefaultWidth(x, width)).toList()))
                  .toList());
      case ValueDecl v -> v;
    };
  }

  private Member member(String doc, boolean allowBlocks) {
    Token t = peek();
    if (t.is("reg")) {
      return register(doc);
    } else if (t.is("value")) {
      return value(doc);
    } else if (allowBlocks && t.is("block")) {
      return block(doc);
    } else if (allowBlocks && t.is("bank")) {
      return bank();
    }
    throw expected(allowBlocks ? "'reg', 'block', 'bank' or 'value'" : "'reg' or 'value'");
  }

  private Register register(String doc) {
    Pos pos = next().pos();
    String name = ident();
    int count = 1;
    if (peek().is("[")) {
      next();
      count = (int) number();
      expect("]");
    }
    expect("@");
    Pos offsetPos = peek().pos();
    long offset = number();
    long stride = 0;
    if (peek().is("+=")) {
      next();
      stride = number();
    }
    expect(":");
    int width = 0;
    if (peek().kind() == Token.Kind.IDENT && peek().text().matches("u\\d+")) {
      width = widthKeyword(next());
    }
    Access access = access(next());
    Pos effectsPos = peek().pos();
    Set<Effect> effects = EnumSet.noneOf(Effect.class);
    Long neutral = null;
    Long reset = null;
    Pos resetPos = null;
    String alternateOf = null;
    while (true) {
      Token e = peek();
      Effect effect = e.kind() == Token.Kind.IDENT ? Effect.ofKeyword(e.text()) : null;
      if (effect != null) {
        next();
        effects.add(effect);
        if (effect == Effect.TRIGGER && peek().is("neutral")) {
          next();
          neutral = number();
        }
      } else if (e.is("reset")) {
        next();
        resetPos = peek().pos();
        reset = number();
      } else if (e.is("alternate")) {
        next();
        alternateOf = ident();
      } else {
        break;
      }
    }
    var fields = new ArrayList<Field>();
    var groups = new ArrayList<Register.Group>();
    if (peek().is("{")) {
      next();
      while (!peek().is("}")) {
        String fdoc = docs();
        if (peek().is("group")) {
          groups.add(group());
        } else if (!peek().is("}")) {
          fields.add(field(fdoc));
        }
      }
      expect("}");
    } else {
      expect(";");
    }
    return new Register(
        pos,
        doc,
        name,
        count,
        offset,
        offsetPos,
        stride,
        width,
        access,
        effects,
        effectsPos,
        neutral,
        reset,
        resetPos,
        alternateOf,
        fields,
        groups);
  }

  private Register.Group group() {
    Pos pos = next().pos();
    String name = ident();
    expect("=");
    var fields = new ArrayList<String>();
    fields.add(ident());
    while (peek().is("|")) {
      next();
      fields.add(ident());
    }
    expect(";");
    return new Register.Group(pos, name, fields);
  }

  private Field field(String doc) {
    Pos pos = peek().pos();
    boolean reserved = peek().is("reserved");
    String name = ident();
    Pos rangePos = peek().pos();
    expect("[");
    int hi = (int) number();
    int lo = hi;
    if (peek().is(":")) {
      next();
      lo = (int) number();
    }
    expect("]");
    if (reserved) {
      Field.Kind kind;
      Long must = null;
      Pos typePos = peek().pos();
      if (peek().is("=")) {
        next();
        kind = Field.Kind.RESERVED;
        must = number();
      } else if (peek().is("preserve")) {
        next();
        kind = Field.Kind.PRESERVE;
      } else {
        throw expected("'=' or 'preserve' after reserved bits");
      }
      expect(";");
      return new Field(
          pos, doc, name, hi, lo, rangePos, kind, null, typePos, must, null, Set.of(), null);
    }
    expect(":");
    Pos typePos = peek().pos();
    String type = ident();
    Field.Kind kind;
    String enumName = null;
    switch (type) {
      case "bool" -> kind = Field.Kind.BOOL;
      case "uint" -> kind = Field.Kind.UINT;
      case "sint" -> kind = Field.Kind.SINT;
      default -> {
        kind = Field.Kind.ENUM;
        enumName = type;
      }
    }
    Access access = null;
    if (peek().is("ro") || peek().is("wo") || peek().is("rw")) {
      access = access(next());
    }
    Set<Effect> effects = EnumSet.noneOf(Effect.class);
    Long neutral = null;
    while (peek().kind() == Token.Kind.IDENT && Effect.ofKeyword(peek().text()) != null) {
      Effect effect = Effect.ofKeyword(next().text());
      effects.add(effect);
      if (effect == Effect.TRIGGER && peek().is("neutral")) {
        next();
        neutral = number();
      }
    }
    expect(";");
    return new Field(
        pos, doc, name, hi, lo, rangePos, kind, enumName, typePos, null, access, effects, neutral);
  }

  private Block block(String doc) {
    Pos pos = next().pos();
    String name = ident();
    expect("[");
    int count = (int) number();
    expect("]");
    expect("@");
    long offset = number();
    expect("+=");
    long stride = number();
    expect("{");
    var members = new ArrayList<Member>();
    while (!peek().is("}")) {
      String mdoc = docs();
      members.add(member(mdoc, false));
    }
    expect("}");
    return new Block(pos, doc, name, count, offset, stride, members);
  }

  private Bank bank() {
    Pos pos = next().pos();
    Pos selectorPos = peek().pos();
    String register = ident();
    expect(".");
    String field = ident();
    expect("{");
    var arms = new ArrayList<Bank.Arm>();
    while (!peek().is("}")) {
      Pos armPos = peek().pos();
      long value = number();
      expect("=>");
      String name = ident();
      expect("{");
      var members = new ArrayList<Member>();
      while (!peek().is("}")) {
        String mdoc = docs();
        members.add(member(mdoc, false));
      }
      expect("}");
      arms.add(new Bank.Arm(armPos, value, name, members));
    }
    expect("}");
    return new Bank(pos, register, field, selectorPos, arms);
  }

  private ValueDecl value(String doc) {
    Pos pos = next().pos();
    String name = ident();
    expect("=");
    var parts = new ArrayList<String>();
    var partPos = new ArrayList<Pos>();
    partPos.add(peek().pos());
    parts.add(ident());
    while (peek().is("#")) {
      next();
      partPos.add(peek().pos());
      parts.add(ident());
    }
    expect(":");
    Token type = next();
    boolean signed;
    if (type.is("uint")) {
      signed = false;
    } else if (type.is("sint")) {
      signed = true;
    } else {
      throw error(type, "expected 'uint' or 'sint' but found " + type.describe());
    }
    expect(";");
    return new ValueDecl(pos, doc, name, parts, partPos, signed);
  }

  private String docs() {
    var doc = new StringBuilder();
    while (peek().kind() == Token.Kind.DOC) {
      if (!doc.isEmpty()) {
        doc.append('\n');
      }
      doc.append(next().text());
    }
    return doc.toString();
  }

  private int widthKeyword(Token t) {
    return switch (t.text()) {
      case "u8" -> 8;
      case "u16" -> 16;
      case "u32" -> 32;
      case "u64" -> 64;
      default -> throw error(t, "expected a width (u8, u16, u32, u64) but found " + t.describe());
    };
  }

  private Access access(Token t) {
    return switch (t.text()) {
      case "ro" -> Access.RO;
      case "wo" -> Access.WO;
      case "rw" -> Access.RW;
      default -> throw error(t, "expected an access (ro, wo, rw) but found " + t.describe());
    };
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind() != Token.Kind.EOF) {
      at++;
    }
    return t;
  }

  private Token expect(String punct) {
    if (!peek().is(punct)) {
      throw expected("'" + punct + "'");
    }
    return next();
  }

  private String ident() {
    if (peek().kind() != Token.Kind.IDENT) {
      throw expected("a name");
    }
    return next().text();
  }

  private long number() {
    if (peek().kind() != Token.Kind.NUMBER) {
      throw expected("a number");
    }
    return next().number();
  }

  private String string() {
    if (peek().kind() != Token.Kind.STRING) {
      throw expected("a string");
    }
    return next().text();
  }

  private SyntaxError expected(String what) {
    return error(peek(), "expected " + what + " but found " + peek().describe());
  }

  private SyntaxError error(Token t, String message) {
    diagnostics.error(t.pos(), message);
    return new SyntaxError();
  }
}
