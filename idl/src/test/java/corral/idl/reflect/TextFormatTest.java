package corral.idl.reflect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.capnproto.MessageBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printer against {@code capnp convert binary:text}, the parser against {@code capnp convert
 * text:binary}, on messages that use every kind of field.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TextFormatTest {
  private static SchemaRegistry registry;

  @BeforeAll
  static void compileSchema() {
    registry = Capnp.registry();
  }

  static Stream<Arguments> messages() {
    String ints30 =
        IntStream.rangeClosed(1, 30).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    return Stream.of(
        Arguments.of("Everything", "()"),
        Arguments.of(
            "Everything",
            """
            (boolField = true, int8Field = -128, uint64Field = 18446744073709551615,
             float32Field = 0.1, float64Field = 1e100,
             textField = "héllo\\n\\t\\"q\\" \\x01\\177", dataField = "ab\\xff\\x00",
             structField = (x = 1, y = -2), enumField = blue, voidList = [void, void],
             boolList = [true, false, true],
             float32List = [1.5, inf, -inf, nan, 3.4028235e38, 1e-45],
             float64List = [0.1, 0.30000000000000004, 1e22, 1e-7, 0.0001, -0.0],
             textList = ["a", "bb", ""], dataList = [0x"00 ff", "x"],
             structList = [(x = 1), (y = 2), ()], enumList = [red, green, blue],
             listList = [[1, 2], [], [3]], textListList = [["x"], ["y", "z"]],
             count = 7, shape = (square = 2.5),
             header = (version = 3, name = "h", tags = ["t1", "t2"]),
             nested = (textField = "inner", both = (left = -1, right = "r")))
            """),
        Arguments.of(
            "Everything",
            """
            (int8Field = -0x80, int16Field = 0x7fff, int32Field = -2147483648,
             int64Field = -9223372036854775808, uint8Field = 0377, uint16Field = 65535,
             uint32Field = 4294967295, uint64Field = 0xffffffffffffffff,
             int8List = [-1, 0, 1], int16List = [-32768, 32767], int32List = [017, 0x10, 10],
             int64List = [-9223372036854775808, 9223372036854775807],
             uint8List = [0, 255], uint16List = [0, 65535], uint32List = [4294967295],
             uint64List = [18446744073709551615, 0])
            """),
        Arguments.of(
            "Everything",
            """
            (float32Field = -1.5, float64Field = nan,
             float32List = [0, -0.0, 1, 0.5, 3.14159, 1e10, 1e-10, 123456.7, 1.17549435e-38,
                            16777216, 0.3, 100000, 1000000, 0.0001, 0.00001, 2.5e-3],
             float64List = [3.141592653589793, 2.718281828459045, 1e300, 5e-324, 1e15, 1e16,
                            123456789012345.6, 0.1, 100, 1e-5, 0.00012345, -inf, 12345678901234567890])
            """),
        Arguments.of(
            "Everything",
            """
            (textField = "tab\\there \\"quoted\\" back\\\\slash bell\\a del\\x7f \\001 ünïcødé ✓ 'q' \\?",
             dataField = 0x"00 01 7f 80 ff 22 5c", textList = ["a" "b", "\\'", "\\r\\v\\f\\b"],
             dataList = ["plain", 0x"0a0b0c"])
            """),
        Arguments.of(
            "Everything",
            "(int32List = ["
                + ints30
                + "], textList = [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"b\"],"
                + " structList = [(x = 1, y = 2), (x = 100000, y = -100000)],"
                + " listList = [["
                + ints30
                + "], [1]], nested = (nested = (structField = (x = 1), count = 5)))"),
        Arguments.of(
            "Everything",
            "(where = (x = 1, y = 2), shape = (nothing = void), header = (version = 1))"),
        Arguments.of("Everything", "(none = void, count = 0)"),
        Arguments.of("Everything", "(count = 3, none = void, shape = (circle = 0))"),
        Arguments.of("Everything", "(label = \"\", header = (tags = []))"),
        Arguments.of(
            "Everything",
            """
            # comments and layout are free
            (
              boolField = true,   # a flag
              textList = [
                "one",
                "two",   # trailing commas are fine
              ],
            )
            """),
        Arguments.of("Defaults", "()"),
        Arguments.of(
            "Defaults",
            "(flag = false, small = 0, big = 0, ratio = 0, precise = 0, name = \"\", blob = \"\","
                + " origin = (), color = red, primes = [], words = [], count = 0)"),
        Arguments.of("Defaults", "(origin = (x = 3), primes = [11], ratio = -inf, count = 42)"),
        Arguments.of(
            "Person",
            """
            (name = "Alice", age = 30, email = "alice@example.com",
             phones = [(number = "555-1234", kind = mobile), (number = "555-9999", kind = work)],
             favorite = green, employment = (employer = "Corral Inc."))
            """),
        Arguments.of("Person", "(name = \"Bob\", employment = (unemployed = void))"),
        Arguments.of(
            "Person",
            "(employment = (school = \"MIT\"), employment = (selfEmployed = void), age = (41))"),
        Arguments.of("Person.Phone", "(number = \"1\", kind = home)"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void printedTextEqualsCapnpConvertBinaryToText(String type, String text) {
    byte[] binary = Capnp.textToBinary(type, text);
    DynamicStruct.Reader reader =
        DynamicStruct.read(Capnp.read(binary), registry.requireStruct(type));

    assertEquals(Capnp.binaryToText(type, binary, false), TextFormat.print(reader));
    assertEquals(Capnp.binaryToText(type, binary, true), TextFormat.printShort(reader));
  }

  /**
   * Compares canonical forms: capnp copies the parsed message before writing it, and the Java
   * runtime's copy writes a list of one-word structs as a list of words (a legal encoding that
   * capnp reads the same way), so the raw bytes may differ while the messages are identical.
   */
  @ParameterizedTest
  @MethodSource("messages")
  void parsedTextIsTheMessageOfCapnpConvertTextToBinary(String type, String text) {
    byte[] expected = canonical(type, Capnp.textToBinary(type, text));
    StructSchema schema = registry.requireStruct(type);

    MessageBuilder parsed = TextFormat.parse(text, schema);
    byte[] actual = canonical(type, Capnp.write(parsed));

    assertArrayEquals(
        expected,
        actual,
        () ->
            "capnp: "
                + HexFormat.of().formatHex(expected)
                + "\nours:  "
                + HexFormat.of().formatHex(actual));
  }

  private static byte[] canonical(String type, byte[] binary) {
    Capnp.Result r = Capnp.convert("binary:canonical", type, binary);
    if (r.status() != 0) {
      throw new AssertionError("capnp cannot read the message:\n" + r.stderr());
    }
    return r.stdout();
  }

  /** The messages but those with -0.0, which capnp prints as "-0" and then reads as 0, as we do. */
  static Stream<Arguments> messagesWithoutNegativeZero() {
    return messages().filter(a -> !((String) a.get()[1]).contains("-0.0"));
  }

  @ParameterizedTest
  @MethodSource("messagesWithoutNegativeZero")
  void printedTextParsesBackToTheSameMessage(String type, String text) {
    StructSchema schema = registry.requireStruct(type);
    DynamicStruct.Reader first =
        DynamicStruct.read(Capnp.read(Capnp.write(TextFormat.parse(text, schema))), schema);
    String printed = TextFormat.print(first);

    DynamicStruct.Reader second =
        DynamicStruct.read(Capnp.read(Capnp.write(TextFormat.parse(printed, schema))), schema);

    assertEquals(printed, TextFormat.print(second));
  }
}
