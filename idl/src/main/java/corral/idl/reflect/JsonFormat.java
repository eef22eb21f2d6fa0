package corral.idl.reflect;

import corral.idl.reflect.StructSchema.Field;
import java.util.Optional;

/**
 * Cap'n Proto's JSON mapping, as the reference implementation's {@code JsonCodec} writes it ({@code
 * capnp convert binary:json --short}): one line, no whitespace.
 *
 * <pre>
 *   Void -> null      Int8..Int32, UInt8..UInt32 -> number     Int64, UInt64 -> "decimal string"
 *   Bool -> boolean   Float32, Float64 -> number ("NaN", "Infinity", "-Infinity" as strings)
 *   Text -> string    Data -> [byte, ...]    Enum -> "name" (number if the schema lacks it)
 *   List -> array     Struct, group -> object
 * </pre>
 *
 * <p>A struct's object holds its data fields and groups always, its pointer fields when set, and
 * the active member of its union last, even when it is a null pointer (then its default). A
 * capability or an opaque pointer, which JSON cannot carry, is written as the string the text
 * format prints for it ({@code "<external capability>"}, {@code "<opaque pointer>"}); the reference
 * codec refuses those instead.
 */
public final class JsonFormat {
  private JsonFormat() {}

  /** The struct as one line of JSON. */
  public static String printShort(DynamicStruct.Reader struct) {
    StringBuilder out = new StringBuilder();
    writeStruct(struct, out);
    return out.toString();
  }

  private static void writeStruct(DynamicStruct.Reader struct, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Field f : struct.schema().nonUnionFields()) {
      if (struct.has(f)) {
        first = writeField(struct, f, first, out);
      }
    }
    Optional<Field> which = struct.which();
    if (which.isPresent()) {
      writeField(struct, which.get(), first, out);
    }
    out.append('}');
  }

  private static boolean writeField(
      DynamicStruct.Reader struct, Field f, boolean first, StringBuilder out) {
    if (!first) {
      out.append(',');
    }
    writeString(f.name(), out);
    out.append(':');
    if (f.isGroup()) {
      writeStruct((DynamicStruct.Reader) struct.get(f), out);
    } else {
      writeValue(struct.get(f), f.type().kind(), out);
    }
    return false;
  }

  private static void writeValue(Object value, ValueType.Kind kind, StringBuilder out) {
    switch (kind) {
      case VOID -> out.append("null");
      case BOOL, INT8, INT16, INT32, UINT8, UINT16, UINT32 -> out.append(value);
      case INT64 -> out.append('"').append(value).append('"');
      case UINT64 -> out.append('"').append(Long.toUnsignedString((Long) value)).append('"');
      case FLOAT32 -> writeNumber((Float) value, out);
      case FLOAT64 -> writeNumber((Double) value, out);
      case TEXT -> writeString((String) value, out);
      case DATA -> {
        byte[] bytes = (byte[]) value;
        out.append('[');
        for (int i = 0; i < bytes.length; i++) {
          out.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
        }
        out.append(']');
      }
      case ENUM -> {
        DynamicEnum e = (DynamicEnum) value;
        e.name().ifPresentOrElse(n -> writeString(n, out), () -> out.append(e.ordinal()));
      }
      case STRUCT -> writeStruct((DynamicStruct.Reader) value, out);
      case LIST -> {
        DynamicList.Reader list = (DynamicList.Reader) value;
        ValueType.Kind element = list.elementType().kind();
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          switch (element) {
            case INTERFACE -> writeString("<external capability>", out);
            case ANY_POINTER -> writeString("<opaque pointer>", out);
            default -> writeValue(list.get(i), element, out);
          }
        }
        out.append(']');
      }
      case INTERFACE -> writeString("<external capability>", out);
      case ANY_POINTER -> writeString("<opaque pointer>", out);
    }
  }

  /** A number as kj prints a double (a Float32 widened first), non-finite ones as strings. */
  private static void writeNumber(double d, StringBuilder out) {
    if (Double.isNaN(d)) {
      out.append("\"NaN\"");
    } else if (Double.isInfinite(d)) {
      out.append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      out.append(TextFormat.formatDouble(d));
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped, the rest as it is. */
  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
