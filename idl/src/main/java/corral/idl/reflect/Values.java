package corral.idl.reflect;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.capnproto.Data;
import org.capnproto.Text;

/** Conversions between Java values and the wire form of primitive and blob types. */
final class Values {
  private Values() {}

  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /**
   * The raw bits of an integer value for a field of this kind, checked against its range. Unsigned
   * 64-bit values may be given as a negative {@code long} (their two's-complement bits) or as a
   * {@link BigInteger}.
   */
  static long integerBits(Object value, ValueType type, String where) {
    BigInteger v;
    if (value instanceof BigInteger b) {
      v = b;
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      long l = ((Number) value).longValue();
      if (type.kind() == ValueType.Kind.UINT64 && l < 0 && value instanceof Long) {
        return l; // already the bits of a large unsigned value
      }
      v = BigInteger.valueOf(l);
    } else {
      throw new IllegalArgumentException(
          where + " is " + type + "; cannot take " + describe(value));
    }
    BigInteger min;
    BigInteger max;
    switch (type.kind()) {
      case INT8 -> {
        min = BigInteger.valueOf(Byte.MIN_VALUE);
        max = BigInteger.valueOf(Byte.MAX_VALUE);
      }
      case INT16 -> {
        min = BigInteger.valueOf(Short.MIN_VALUE);
        max = BigInteger.valueOf(Short.MAX_VALUE);
      }
      case INT32 -> {
        min = BigInteger.valueOf(Integer.MIN_VALUE);
        max = BigInteger.valueOf(Integer.MAX_VALUE);
      }
      case INT64 -> {
        min = BigInteger.valueOf(Long.MIN_VALUE);
        max = BigInteger.valueOf(Long.MAX_VALUE);
      }
      case UINT8 -> {
        min = BigInteger.ZERO;
        max = BigInteger.valueOf(0xff);
      }
      case UINT16 -> {
        min = BigInteger.ZERO;
        max = BigInteger.valueOf(0xffff);
      }
      case UINT32 -> {
        min = BigInteger.ZERO;
        max = BigInteger.valueOf(0xffffffffL);
      }
      case UINT64 -> {
        min = BigInteger.ZERO;
        max = UINT64_MAX;
      }
      default -> throw new IllegalArgumentException(where + " is " + type + ", not an integer");
    }
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "value "
              + v
              + " is out of range for "
              + where
              + " ("
              + type
              + ": "
              + min
              + " to "
              + max
              + ")");
    }
    return v.longValue();
  }

  static double floatValue(Object value, ValueType type, String where) {
    if (value instanceof Number n && !(value instanceof BigInteger)) {
      return n.doubleValue();
    }
    if (value instanceof BigInteger b) {
      return b.doubleValue();
    }
    throw new IllegalArgumentException(where + " is " + type + "; cannot take " + describe(value));
  }

  static Text.Reader text(Object value, String where) {
    if (value instanceof String s) {
      return new Text.Reader(s);
    }
    if (value instanceof byte[] bytes) {
      return new Text.Reader(ByteBuffer.wrap(bytes), 0, bytes.length);
    }
    throw new IllegalArgumentException(where + " is Text; cannot take " + describe(value));
  }

  static Data.Reader data(Object value, String where) {
    if (value instanceof byte[] bytes) {
      return new Data.Reader(bytes);
    }
    if (value instanceof String s) {
      return new Data.Reader(s.getBytes(StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException(where + " is Data; cannot take " + describe(value));
  }

  static int enumOrdinal(Object value, ValueType type, String where) {
    EnumSchema schema = type.enumSchema();
    if (value instanceof DynamicEnum e) {
      if (e.schema().id() != schema.id()) {
        throw new IllegalArgumentException(
            where + " is " + type + "; cannot take a value of enum " + e.schema());
      }
      return e.ordinal();
    }
    if (value instanceof String name) {
      return schema
          .ordinalOf(name)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "enum "
                          + schema
                          + " has no enumerant '"
                          + name
                          + "' ("
                          + where
                          + "); it has "
                          + schema.enumerants()));
    }
    if (value instanceof Integer i && i >= 0 && i <= 0xffff) {
      return i;
    }
    throw new IllegalArgumentException(where + " is " + type + "; cannot take " + describe(value));
  }

  static boolean bool(Object value, String where) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(where + " is Bool; cannot take " + describe(value));
  }

  static String describe(Object value) {
    return value == null
        ? "null"
        : value.getClass().getSimpleName()
            + " "
            + (value instanceof byte[] b ? b.length + " bytes" : value);
  }

  static byte[] bytes(Text.Reader text) {
    byte[] out = new byte[text.size];
    text.buffer.duplicate().position(text.offset).get(out);
    return out;
  }
}
