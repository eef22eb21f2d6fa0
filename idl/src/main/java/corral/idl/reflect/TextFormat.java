package corral.idl.reflect;

import corral.idl.reflect.StructSchema.Field;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.capnproto.MessageBuilder;

/**
 * Cap'n Proto's text format: the struct literals of the schema language, {@code (name = "Alice",
 * age = 30, phones = [(number = "555", kind = mobile)])}.
 *
 * <p>The printer writes exactly what the reference implementation writes: {@link #print} is {@code
 * capnp convert binary:text} (pretty, wrapping records longer than 64 bytes one field per line),
 * {@link #printShort} is {@code capnp convert binary:text --short} and C++'s {@code
 * kj::str(reader)}. Field order, the rules for which fields appear, float formatting ({@code %g}
 * with 6 or 8 (float) and 15 or 17 (double) significant digits that round-trips), and string
 * escapes all follow {@code capnp/stringify.c++} and {@code kj/string.c++} of Cap'n Proto 0.9.
 *
 * <p>The parser ({@link #parse}, {@link #parseInto}) reads what {@code capnp convert text:binary}
 * reads and builds the same message; see {@link TextParser} for the grammar. Errors are {@link
 * TextFormatException}s naming the field, the struct and the line:column.
 */
public final class TextFormat {
  private TextFormat() {}

  /** Pretty text, as {@code capnp convert binary:text} prints it (without the final newline). */
  public static String print(DynamicStruct.Reader struct) {
    return printValue(struct, ValueType.Kind.STRUCT, 1, Mode.BARE);
  }

  /** One-line text, as {@code capnp convert binary:text --short} prints it. */
  public static String printShort(DynamicStruct.Reader struct) {
    return printValue(struct, ValueType.Kind.STRUCT, 0, Mode.BARE);
  }

  /** One-line text of a list, {@code [1, 2, 3]}. */
  public static String printShort(DynamicList.Reader list) {
    return printValue(list, ValueType.Kind.LIST, 0, Mode.BARE);
  }

  /**
   * Parses a struct literal into a new message whose root has the given type.
   *
   * @throws TextFormatException naming what is wrong and where
   */
  public static MessageBuilder parse(String text, StructSchema schema) {
    MessageBuilder message = new MessageBuilder();
    parseInto(text, DynamicStruct.newMessage(message, schema));
    return message;
  }

  /**
   * Parses a struct literal and sets its fields on {@code target}, in the order written.
   *
   * @throws TextFormatException naming what is wrong and where; fields before the error may have
   *     been set
   */
  public static void parseInto(String text, DynamicStruct.Builder target) {
    new TextParser(text).parseStruct(target);
  }

  // ---------------------------------------------------------------------------------------------
  // Printing, after capnp/stringify.c++

  private enum Mode {
    /** The value stands on its own line (a list element, the top level). */
    BARE,
    /** The value follows "name = ". */
    PREFIXED
  }

  private static final int MAX_INLINE_VALUE = 24;
  private static final int MAX_INLINE_RECORD = 64;

  private static String printValue(Object value, ValueType.Kind kind, int indent, Mode mode) {
    if (value instanceof DynamicStruct.Reader struct) {
      return printStruct(struct, indent, mode);
    }
    if (value instanceof DynamicList.Reader list) {
      List<String> items = new ArrayList<>();
      ValueType.Kind elementKind = list.elementType().kind();
      for (int i = 0; i < list.size(); i++) {
        items.add(printElement(list, i, elementKind, next(indent)));
      }
      return "[" + delimit(items, indent, mode, false) + "]";
    }
    return printScalar(value, kind);
  }

  private static String printElement(
      DynamicList.Reader list, int i, ValueType.Kind kind, int indent) {
    return switch (kind) {
      case INTERFACE -> "<external capability>";
      case ANY_POINTER -> "<opaque pointer>";
      default -> printValue(list.get(i), kind, indent, Mode.BARE);
    };
  }

  private static String printStruct(DynamicStruct.Reader struct, int indent, Mode mode) {
    StructSchema schema = struct.schema();
    List<String> printed = new ArrayList<>();
    Optional<Field> which = struct.which();
    String unionValue = null;
    if (which.isPresent()) {
      Field f = which.get();
      if (f.discriminant() != 0 || struct.has(f)) {
        unionValue = printField(struct, f, indent);
      } else {
        which = Optional.empty();
      }
    }
    for (Field f : schema.nonUnionFields()) {
      if (which.isPresent() && which.get().index() < f.index()) {
        printed.add(unionValue);
        which = Optional.empty();
      }
      if (struct.has(f)) {
        printed.add(printField(struct, f, indent));
      }
    }
    if (which.isPresent()) {
      printed.add(unionValue);
    }
    return "(" + delimit(printed, indent, mode, true) + ")";
  }

  private static String printField(DynamicStruct.Reader struct, Field f, int indent) {
    ValueType.Kind kind = f.type().kind();
    String value =
        switch (kind) {
          case INTERFACE -> "<external capability>";
          case ANY_POINTER -> "<opaque pointer>";
          default -> printValue(struct.get(f), kind, next(indent), Mode.PREFIXED);
        };
    return f.name() + " = " + value;
  }

  private static int next(int indent) {
    return indent == 0 ? 0 : indent + 1;
  }

  private static String delimit(List<String> items, int indent, Mode mode, boolean record) {
    if (indent == 0 || canPrintAllInline(items, record)) {
      return String.join(", ", items);
    }
    String spaces = " ".repeat(indent * 2);
    return (mode == Mode.BARE ? " " : "\n" + spaces) + String.join(",\n" + spaces, items) + " ";
  }

  private static boolean canPrintAllInline(List<String> items, boolean record) {
    long total = 0;
    for (String item : items) {
      int size = utf8Length(item);
      if (size > MAX_INLINE_VALUE || item.indexOf('\n') >= 0) {
        return false;
      }
      if (record) {
        total += size;
        if (total > MAX_INLINE_RECORD) {
          return false;
        }
      }
    }
    return true;
  }

  private static int utf8Length(String s) {
    int ascii = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
      ascii++;
    }
    return ascii;
  }

  private static String printScalar(Object value, ValueType.Kind kind) {
    return switch (kind) {
      case VOID -> "void";
      case BOOL -> ((Boolean) value) ? "true" : "false";
      case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> value.toString();
      case UINT64 -> Long.toUnsignedString((Long) value);
      case FLOAT32 -> formatFloat((Float) value);
      case FLOAT64 -> formatDouble((Double) value);
      case TEXT -> '"' + escape(((String) value).getBytes(StandardCharsets.UTF_8), false) + '"';
      case DATA -> '"' + escape((byte[]) value, true) + '"';
      case ENUM -> value.toString();
      case INTERFACE -> "<external capability>";
      case ANY_POINTER -> "<opaque pointer>";
      case LIST, STRUCT -> throw new IllegalStateException("not a scalar: " + kind);
    };
  }

  /**
   * kj::encodeCEscape: named escapes for the usual controls and quotes, octal for other controls
   * and DEL, and for bytes above 0x7f in Data; Text's UTF-8 passes through.
   */
  static String escape(byte[] bytes, boolean binary) {
    ByteArrayBuilder out = new ByteArrayBuilder(bytes.length + 8);
    for (byte raw : bytes) {
      int b = raw & 0xff;
      switch (b) {
        case 0x07 -> out.add("\\a");
        case '\b' -> out.add("\\b");
        case '\f' -> out.add("\\f");
        case '\n' -> out.add("\\n");
        case '\r' -> out.add("\\r");
        case '\t' -> out.add("\\t");
        case 0x0b -> out.add("\\v");
        case '\'' -> out.add("\\'");
        case '"' -> out.add("\\\"");
        case '\\' -> out.add("\\\\");
        default -> {
          if (b < 0x20 || b == 0x7f || (binary && b > 0x7f)) {
            out.add("\\" + (b / 64) + ((b / 8) % 8) + (b % 8));
          } else {
            out.add((byte) b);
          }
        }
      }
    }
    return out.toUtf8();
  }

  /** kj's float-to-text: {@code %.6g}, or {@code %.8g} when that does not read back exactly. */
  static String formatFloat(float f) {
    if (Float.isNaN(f)) {
      return "nan";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "inf" : "-inf";
    }
    String s = formatG(f, 6);
    // C's strtof reports ERANGE for a subnormal result, which kj takes as a failed round trip.
    boolean subnormal = f != 0 && Math.abs(f) < Float.MIN_NORMAL;
    if (subnormal || Float.parseFloat(s) != f) {
      s = formatG(f, 8);
    }
    return s;
  }

  /** kj's double-to-text: {@code %.15g}, or {@code %.17g} when that does not read back exactly. */
  static String formatDouble(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String s = formatG(d, 15);
    if (Double.parseDouble(s) != d) {
      s = formatG(d, 17);
    }
    return s;
  }

  /** C's {@code printf("%.*g", precision, value)} with the '+' of the exponent removed. */
  static String formatG(double value, int precision) {
    if (value == 0) {
      return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
    }
    BigDecimal rounded =
        new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    String digits = rounded.unscaledValue().abs().toString().replaceFirst("0+$", "");
    if (digits.isEmpty()) {
      digits = "0";
    }
    String sign = rounded.signum() < 0 ? "-" : "";
    if (exponent < -4 || exponent >= precision) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int abs = Math.abs(exponent);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "") + (abs < 10 ? "0" : "") + abs;
    }
    if (exponent < 0) {
      return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length());
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
  }

  /** Collects bytes and decodes them once, so escapes and raw UTF-8 can be mixed. */
  private static final class ByteArrayBuilder {
    private byte[] bytes;
    private int size;

    ByteArrayBuilder(int capacity) {
      bytes = new byte[Math.max(16, capacity)];
    }

    void add(byte b) {
      if (size == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = b;
    }

    void add(String ascii) {
      for (int i = 0; i < ascii.length(); i++) {
        add((byte) ascii.charAt(i));
      }
    }

    String toUtf8() {
      return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }
  }
}
