package corral.idl.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad text gets an error naming the field, the struct and the position; capnp refuses it too. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TextFormatErrorTest {
  private static SchemaRegistry registry;

  @BeforeAll
  static void compileSchema() {
    registry = Capnp.registry();
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("Person", "(name = \"x\", foo = 1)", "unknown field 'foo' in Person at 1:14"),
        Arguments.of(
            "Person", "(name = \"x\",\n  agee = 3)", "unknown field 'agee' in Person at 2:3"),
        Arguments.of(
            "Person",
            "(age = \"old\")",
            "type mismatch for field 'age' of Person: expected UInt32, found a string at 1:8"),
        Arguments.of(
            "Person",
            "(age = -1)",
            "integer -1 is out of range for field 'age' of Person (UInt32) at 1:8"),
        Arguments.of(
            "Person",
            "(age = 1.5)",
            "type mismatch for field 'age' of Person: expected UInt32, found float 1.5 at 1:8"),
        Arguments.of(
            "Person",
            "(favorite = purple)",
            "unknown enumerant 'purple' for field 'favorite' of Person (Color has red, green, blue)"
                + " at 1:13"),
        Arguments.of(
            "Person",
            "(phones = [(number = 5)])",
            "type mismatch for field 'number' of Person.Phone: expected Text, found integer 5 at"
                + " 1:22"),
        Arguments.of(
            "Person",
            "(phones = [(kind = mobile), 7])",
            "type mismatch for element 1 of field 'phones' of Person: expected Person.Phone,"
                + " found integer 7 at 1:29"),
        Arguments.of(
            "Person",
            "(employment = \"x\")",
            "field 'employment' of Person is a group; expected '(...)' at 1:15"),
        Arguments.of("Person", "(name = \"x\"", "premature end of input in struct literal at 1:12"),
        Arguments.of(
            "Person",
            "(name \"x\")",
            "expected ',' or ')' in struct literal, found a string at 1:7"),
        Arguments.of(
            "Person",
            "(5, name = \"x\")",
            "missing field name (write 'name = value') in Person at 1:2"),
        Arguments.of("Person", "(name = \"x)", "unterminated string at 1:9"),
        Arguments.of(
            "Person",
            "(name = \"x\") (age = 1)",
            "unexpected '(' after the struct literal at 1:14"),
        Arguments.of(
            "Everything",
            "(int8Field = 128)",
            "integer 128 is out of range for field 'int8Field' of Everything (Int8) at 1:14"),
        Arguments.of(
            "Everything",
            "(textField = 0x\"00\")",
            "type mismatch for field 'textField' of Everything: expected Text, found a binary"
                + " literal at 1:14"),
        Arguments.of(
            "Everything",
            "(uint64Field = 18446744073709551616)",
            "integer literal 18446744073709551616 exceeds 2^64-1 at 1:16"),
        Arguments.of(
            "Everything",
            "(anyField = (x = 1))",
            "field 'anyField' of Everything is an AnyPointer and cannot be written in text at"
                + " 1:13"),
        Arguments.of(
            "Everything",
            "(boolField = yes)",
            "type mismatch for field 'boolField' of Everything: expected Bool, found 'yes' at"
                + " 1:14"),
        Arguments.of(
            "Everything",
            "(listList = [[1], 2])",
            "type mismatch for element 1 of field 'listList' of Everything: expected List(Int32),"
                + " found integer 2 at 1:19"),
        Arguments.of(
            "Everything",
            "",
            "empty input; expected a struct literal '(...)' for Everything at 1:1"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsRefusedWithTheFieldAndPositionNamed(String type, String text, String message) {
    TextFormatException e =
        assertThrows(
            TextFormatException.class, () -> TextFormat.parse(text, registry.requireStruct(type)));
    assertEquals(message, e.getMessage());
  }

  /**
   * Where capnp is laxer: it reads a stream of messages where we read one, and it wraps integer
   * literals above 2^64-1.
   */
  private static final java.util.Set<String> CAPNP_ACCEPTS =
      java.util.Set.of("(name = \"x\") (age = 1)", "(uint64Field = 18446744073709551616)");

  static Stream<Arguments> badInputsCapnpRefuses() {
    return badInputs().filter(a -> !CAPNP_ACCEPTS.contains((String) a.get()[1]));
  }

  @ParameterizedTest
  @MethodSource("badInputsCapnpRefuses")
  void capnpRefusesTheSameInput(String type, String text, String message) {
    Capnp.Result r = Capnp.convert("text:binary", type, text.getBytes(StandardCharsets.UTF_8));
    assertNotEquals(0, r.status(), () -> "capnp accepted " + text);
  }

  @Test
  void errorsCarryLineAndColumn() {
    TextFormatException e =
        assertThrows(
            TextFormatException.class,
            () -> TextFormat.parse("(\n\n   nope = 1)", registry.requireStruct("Person")));
    assertEquals(3, e.line());
    assertEquals(4, e.column());
  }
}
