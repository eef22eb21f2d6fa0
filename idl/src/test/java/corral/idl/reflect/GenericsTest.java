package corral.idl.reflect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import corral.idl.reflect.testschema.GenericSchemas;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.capnproto.AnyPointer;
import org.capnproto.MessageBuilder;
import org.capnproto.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generic structs under brands ({@code Box(Text)}, {@code Outer(Person).Inner}, ...) print, parse
 * and build as their bound types, exactly as {@code capnp convert} does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GenericsTest {
  private static SchemaRegistry generics;
  private static SchemaRegistry conformance;

  @BeforeAll
  static void compileSchemas() {
    generics = Capnp.registry(Capnp.GENERICS);
    conformance = Capnp.registry(Capnp.CONFORMANCE);
  }

  static Stream<Arguments> messages() {
    Path g = Capnp.GENERICS;
    Path c = Capnp.CONFORMANCE;
    return Stream.of(
        Arguments.of(g, "Holder", "()"),
        Arguments.of(
            g,
            "Holder",
            """
            (textBox = (value = "hello"), personBox = (value = (name = "Ann", age = 41)),
             dataBox = (value = 0x"00 ff"), listBox = (value = [["a", "b"], [], ["c"]]),
             unbound = (), anyBox = (),
             pair = (key = "k", value = [(name = "P1"), (name = "P2", age = 2)]),
             moods = (value = [calm, tense, calm]))
            """),
        Arguments.of(
            g,
            "Holder",
            """
            (outer = (box = (value = (name = "boxed")),
                      pairs = [(key = "one", value = (name = "first")), (key = "two")],
                      inner = (a = (name = "in"), next = (a = (name = "next")),
                               boxes = [(value = (a = (name = "deep")))]),
                      bound = (a = (name = "grouped"), label = "g"),
                      some = (name = "union member"),
                      boxed = (value = (value = (name = "twice"))),
                      explicit = (a = (age = 7))))
            """),
        Arguments.of(
            g,
            "Holder",
            """
            (outerText = (box = (value = "t"), pairs = [(key = "k", value = "v")],
                          inner = (a = "a", boxes = [(value = (a = "b"))]),
                          bound = (a = "ga"), none = void, boxed = (value = (value = "bb"))),
             inner = (a = "raw", next = (a = 0x"01")),
             nested = (value = (box = (value = (value = "three deep")), some = (value = "s"))))
            """),
        Arguments.of(g, "Outer", "(box = (), bound = (label = \"unbranded\"), inner = ())"),
        Arguments.of(g, "Box", "()"),
        Arguments.of(
            c,
            "Generics",
            """
            (textBox = (value = "hi"), structBox = (value = (int8Field = 3, textField = "s")),
             listBox = (value = [1, 2]), pair = (key = "k", value = (value = "AB")),
             tree = (root = (value = "r", children = [(value = "c", children = [(value = "d")])])),
             anyBox = (), boxes = [(value = "x"), (value = "y")],
             node = (value = (int8Field = 1), children = [(value = (boolField = true))]))
            """));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void printedTextOfABrandedStructEqualsCapnpConvertBinaryToText(
      Path schema, String type, String text) {
    byte[] binary = Capnp.textToBinary(schema, type, text);
    DynamicStruct.Reader reader =
        DynamicStruct.read(Capnp.read(binary), registryOf(schema).requireStruct(type));

    assertEquals(Capnp.binaryToText(schema, type, binary, false), TextFormat.print(reader));
    assertEquals(Capnp.binaryToText(schema, type, binary, true), TextFormat.printShort(reader));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void parsedTextOfABrandedStructIsTheMessageOfCapnpConvertTextToBinary(
      Path schema, String type, String text) {
    byte[] expected = Capnp.canonical(schema, type, Capnp.textToBinary(schema, type, text));

    MessageBuilder parsed = TextFormat.parse(text, registryOf(schema).requireStruct(type));
    byte[] actual = Capnp.canonical(schema, type, Capnp.write(parsed));

    assertArrayEquals(
        expected,
        actual,
        () ->
            "capnp: "
                + HexFormat.of().formatHex(expected)
                + "\nours:  "
                + HexFormat.of().formatHex(actual));
  }

  private static SchemaRegistry registryOf(Path schema) {
    return schema.equals(Capnp.GENERICS) ? generics : conformance;
  }

  @Test
  void aFieldWhoseTypeIsAParameterHasTheBoundType() {
    StructSchema holder = generics.requireStruct("Holder");
    StructSchema textBox = holder.requireField("textBox").type().structSchema();
    StructSchema personBox = holder.requireField("personBox").type().structSchema();

    assertEquals("Box(Text)", textBox.name());
    assertEquals(ValueType.Kind.TEXT, textBox.requireField("value").type().kind());
    assertEquals("Box(Person)", personBox.name());
    assertEquals("Person", personBox.requireField("value").type().toString());
    assertEquals(
        generics.requireStruct("Person"), personBox.requireField("value").type().structSchema());
    assertEquals(textBox.id(), personBox.id());
    assertNotEquals(textBox, personBox);
    assertTrue(textBox.isBranded());
  }

  @Test
  void bindingsPassThroughOtherGenericsNestedTypesGroupsAndUnions() {
    StructSchema outer =
        generics.requireStruct("Holder").requireField("outer").type().structSchema();

    assertEquals("Outer(Person)", outer.name());
    assertEquals("Box(Person)", outer.requireField("box").type().toString());
    assertEquals("List(Pair(Text, Person))", outer.requireField("pairs").type().toString());
    assertEquals("Outer(Person).Inner", outer.requireField("inner").type().toString());
    assertEquals("Outer(Person).Inner", outer.requireField("explicit").type().toString());
    assertEquals("Box(Box(Person))", outer.requireField("boxed").type().toString());
    assertEquals("Person", outer.requireField("some").type().toString());
    assertEquals("Person", outer.requireField("bound").group().requireField("a").type().toString());
    StructSchema inner = outer.requireField("inner").type().structSchema();
    assertEquals("Person", inner.requireField("a").type().toString());
    assertEquals("Outer(Person).Inner", inner.requireField("next").type().toString());
    assertEquals("List(Box(Outer(Person).Inner))", inner.requireField("boxes").type().toString());
    assertEquals(
        "Box(Outer(Box(Text)))",
        generics.requireStruct("Holder").requireField("nested").type().toString());
    assertEquals(
        "Pair(Data, List(Person))",
        generics.requireStruct("Holder").requireField("pair").type().toString());
  }

  @Test
  void oneBrandIsOneSchemaWhereverItIsReached() {
    StructSchema holder = generics.requireStruct("Holder");
    StructSchema direct = holder.requireField("textBox").type().structSchema();
    StructSchema viaOuter =
        holder
            .requireField("outerText")
            .type()
            .structSchema()
            .requireField("box")
            .type()
            .structSchema();
    StructSchema inherited = holder.requireField("outer").type().structSchema();
    StructSchema explicit =
        generics.requireStruct("Holder").requireField("outer").type().structSchema();

    assertSame(direct, viaOuter);
    assertSame(
        inherited.requireField("inner").type().structSchema(),
        inherited.requireField("explicit").type().structSchema());
    assertSame(inherited, explicit);
  }

  @Test
  void anUnboundParameterStaysAnOpaquePointerAsInCapnp() {
    StructSchema holder = generics.requireStruct("Holder");
    StructSchema unbound = holder.requireField("unbound").type().structSchema();
    StructSchema anyBox = holder.requireField("anyBox").type().structSchema();
    assertEquals("Box", unbound.name());
    assertFalse(unbound.isBranded());
    assertSame(unbound, anyBox, "Box(AnyPointer) is Box");
    assertSame(unbound, generics.requireStruct("Box"));
    assertEquals(ValueType.Kind.ANY_POINTER, unbound.requireField("value").type().kind());

    MessageBuilder message = new MessageBuilder();
    DynamicStruct.Builder b = DynamicStruct.newMessage(message, holder);
    ((AnyPointer.Builder) b.init("unbound").get("value"))
        .setAs(Text.factory, new Text.Reader("hidden"));
    b.init("textBox").set("value", "shown");
    byte[] binary = Capnp.write(message);

    DynamicStruct.Reader r = DynamicStruct.read(Capnp.read(binary), holder);
    assertEquals(Capnp.binaryToText(Capnp.GENERICS, "Holder", binary, false), TextFormat.print(r));
    assertEquals(
        "(textBox = (value = \"shown\"), unbound = (value = <opaque pointer>))",
        TextFormat.printShort(r));
  }

  @Test
  void valuesOfTheWrongBoundTypeAreRefusedNamingTheBrandedStruct() {
    StructSchema holder = generics.requireStruct("Holder");

    TextFormatException text =
        assertThrows(
            TextFormatException.class, () -> TextFormat.parse("(textBox = (value = 5))", holder));
    assertEquals(
        "type mismatch for field 'value' of Box(Text): expected Text, found integer 5 at 1:21",
        text.getMessage());
    TextFormatException person =
        assertThrows(
            TextFormatException.class,
            () -> TextFormat.parse("(personBox = (value = (nick = \"x\")))", holder));
    assertEquals("unknown field 'nick' in Person at 1:24", person.getMessage());
    TextFormatException opaque =
        assertThrows(
            TextFormatException.class,
            () -> TextFormat.parse("(unbound = (value = \"x\"))", holder));
    assertEquals(
        "field 'value' of Box is an AnyPointer and cannot be written in text at 1:21",
        opaque.getMessage());
    assertFalse(
        Capnp.convert(
                    Capnp.GENERICS,
                    "text:binary",
                    "Holder",
                    "(textBox = (value = 5))".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .status()
            == 0,
        "capnp refuses it too");

    DynamicStruct.Builder b = DynamicStruct.newMessage(new MessageBuilder(), holder);
    IllegalArgumentException set =
        assertThrows(IllegalArgumentException.class, () -> b.init("textBox").set("value", 5));
    assertEquals("field Box(Text).value is Text; cannot take Integer 5", set.getMessage());
  }

  @Test
  void aDynamicallyBuiltBrandedStructReadsBackThroughGeneratedCode() {
    MessageBuilder message = new MessageBuilder();
    StructSchema holder = generics.requireStruct("Holder");
    DynamicStruct.Builder b = DynamicStruct.newMessage(message, holder);
    b.init("textBox").set("value", "hello");
    DynamicStruct.Builder person = b.init("personBox").init("value");
    person.set("name", "Ann");
    person.set("age", 41);
    DynamicList.Builder pairs = b.init("outer").init("pairs", 1);
    DynamicStruct.Builder pair = (DynamicStruct.Builder) pairs.get(0);
    pair.set("key", "k");
    pair.init("value").set("name", "Bo");

    GenericSchemas.Holder.Reader generated =
        Capnp.read(Capnp.write(message)).getRoot(GenericSchemas.Holder.factory);
    assertEquals("hello", generated.getTextBox().getValue().toString());
    GenericSchemas.Person.Reader p = generated.getPersonBox().getValue();
    assertEquals("Ann", p.getName().toString());
    assertEquals(41, p.getAge());
    assertEquals(
        "(textBox = (value = \"hello\"), personBox = (value = (name = \"Ann\", age = 41)),"
            + " outer = (pairs = [(key = \"k\", value = (name = \"Bo\", age = 0))],"
            + " bound = (), none = void))",
        DynamicStruct.read(Capnp.read(Capnp.write(message)), holder).toString());
  }

  @Test
  void theNodesEmbeddedInAGeneratedClassResolveBrandsToo() {
    SchemaRegistry fromClass = new SchemaRegistry().addGenerated(GenericSchemas.class);
    String text = "(outer = (box = (value = (name = \"x\")), some = (name = \"y\")))";
    StructSchema holder = fromClass.requireStruct("Holder");

    byte[] binary = Capnp.write(TextFormat.parse(text, holder));

    assertEquals(
        Capnp.binaryToText(Capnp.GENERICS, "Holder", binary, false),
        TextFormat.print(DynamicStruct.read(Capnp.read(binary), holder)));
    assertArrayEquals(
        Capnp.canonical(
            Capnp.GENERICS, "Holder", Capnp.textToBinary(Capnp.GENERICS, "Holder", text)),
        Capnp.canonical(Capnp.GENERICS, "Holder", binary));
  }
}
